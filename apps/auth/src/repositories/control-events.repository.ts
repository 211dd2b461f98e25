import { Injectable } from '@nestjs/common';
import { ControlEventV1, Topics } from '@gatehouse/contracts';
import { EventBus } from '@gatehouse/events';
import { randomUUID } from 'node:crypto';

type KeyChange = 'key.revoked' | 'key.updated' | 'key.blocked';

/**
 * Tells every edge-api replica to forget what it cached about a key, user or team (control.v1).
 * Publishing is queued, never awaited: the admin change is already committed.
 */
@Injectable()
export class ControlEventsRepository {
  constructor(private readonly events: EventBus) {}

  keyChanged(type: KeyChange, keyHash: string, requestId: string): void {
    this.send({ ...envelope(requestId), type, key_hash: keyHash });
  }

  scopeChanged(scope: 'user' | 'team' | 'org', scopeId: string, requestId: string): void {
    this.send({ ...envelope(requestId), type: 'scope.updated', scope, scope_id: scopeId });
  }

  private send(event: ControlEventV1): void {
    this.events.publish(Topics.ControlV1, event.request_id, event);
  }
}

function envelope(requestId: string) {
  return {
    schema: 'control.v1' as const,
    event_id: randomUUID(),
    occurred_at: new Date().toISOString(),
    request_id: requestId,
    traceparent: '',
  };
}
