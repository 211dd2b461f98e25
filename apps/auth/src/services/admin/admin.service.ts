import { Inject, Injectable } from '@nestjs/common';
import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { AdminOperation, isAdminOperation } from '@gatehouse/governance';
import { Logger } from '@gatehouse/logging';
import { AUTH_LOGGER } from '../../config/auth-settings';
import { AdminHandler } from './admin-handler';
import { KeysAdminService } from './keys-admin.service';
import { TeamsAdminService } from './teams-admin.service';
import { UsersAdminService } from './users-admin.service';

/** Operations a caller without the admin role may still call; their handlers limit them to their own key. */
const SELF_SERVICE: ReadonlySet<AdminOperation> = new Set(['key.info']);

/** Dispatches LiteLLM's management operations after checking the caller may make them. */
@Injectable()
export class AdminService {
  private readonly handlers: Partial<Record<AdminOperation, AdminHandler>>;

  constructor(
    keys: KeysAdminService,
    teams: TeamsAdminService,
    users: UsersAdminService,
    @Inject(AUTH_LOGGER) private readonly logger: Logger,
  ) {
    this.handlers = { ...keys.handlers(), ...teams.handlers(), ...users.handlers() };
  }

  async run(operation: string, body: unknown, caller: common.Principal, requestId: string): Promise<unknown> {
    const handler = isAdminOperation(operation) ? this.handlers[operation] : undefined;
    if (!handler || !isAdminOperation(operation)) {
      throw new GatewayFailure('not_found', `unknown admin operation '${operation}'`, { code: 'unknown_url' });
    }
    const isAdmin = caller.kind === 'master' || caller.admin;
    if (!isAdmin && !SELF_SERVICE.has(operation)) {
      throw new GatewayFailure('permission_denied', 'this route needs the master key or an admin role');
    }
    try {
      return await handler({ body, caller, requestId });
    } catch (error) {
      if (error instanceof GatewayFailure) throw error;
      // Anything else is the database failing under us: the caller can retry once it is back.
      this.logger.error({ err: error, operation, requestId }, 'admin operation failed');
      throw new GatewayFailure('unavailable', 'the key database is unavailable; try again shortly');
    }
  }
}
