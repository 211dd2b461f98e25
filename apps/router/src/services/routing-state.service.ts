import { Inject, Injectable } from '@nestjs/common';
import { UsageEventV1 } from '@gatehouse/contracts';
import { Logger } from '@gatehouse/logging';
import { ROUTER_LOGGER } from '../config/tokens';
import { CooldownAnnouncer } from '../repositories/cooldown-announcer';
import { CooldownDecision, CooldownPolicy } from './cooldown-policy';

/**
 * The routing state every front shares, derived from what happened (usage.v1): today, which
 * deployments cool down after failing. Each decision goes to every front as a control.v1 event.
 */
@Injectable()
export class RoutingStateService {
  constructor(
    private readonly policy: CooldownPolicy,
    private readonly announcer: CooldownAnnouncer,
    @Inject(ROUTER_LOGGER) private readonly logger: Logger,
  ) {}

  apply(events: readonly UsageEventV1[], nowMs = Date.now()): void {
    for (const event of events) {
      for (const decision of this.policy.observe(event, nowMs)) this.announce(decision, event.request_id);
    }
  }

  private announce(decision: CooldownDecision, requestId: string): void {
    this.announcer.announce(decision, requestId);
    this.logger.warn(
      { deployment: decision.deploymentId, failures: decision.failures, until: new Date(decision.untilMs) },
      'deployment cooling down after failures',
    );
  }
}
