import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface AuditEntry {
  requestId: string;
  actor: string;
  action: string;
  targetType: 'key' | 'team' | 'user' | 'membership' | 'organization';
  targetId: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** Writes audit rows inside the caller's transaction, so a change and its record commit together. */
@Injectable()
export class AuditLogRepository {
  async record(tx: EntityManager, entry: AuditEntry): Promise<void> {
    await tx.query(
      `INSERT INTO audit_log (request_id, actor, action, target_type, target_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.requestId,
        entry.actor,
        entry.action,
        entry.targetType,
        entry.targetId,
        entry.before ? JSON.stringify(entry.before) : null,
        entry.after ? JSON.stringify(entry.after) : null,
      ],
    );
  }
}
