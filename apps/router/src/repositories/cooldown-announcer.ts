import { Topics } from '@gatehouse/contracts';
import { EventBus } from '@gatehouse/events';
import { randomUUID } from 'node:crypto';
import { CooldownDecision } from '../services/cooldown-policy';

/** Tells every front replica (control.v1) to stop choosing a deployment for a while. */
export class CooldownAnnouncer {
  constructor(private readonly events: EventBus) {}

  announce(decision: CooldownDecision, requestId: string): void {
    this.events.publish(Topics.ControlV1, decision.deploymentId, {
      schema: 'control.v1',
      event_id: randomUUID(),
      occurred_at: new Date().toISOString(),
      request_id: requestId,
      traceparent: '',
      type: 'deployment.cooldown',
      deployment_id: decision.deploymentId,
      until: new Date(decision.untilMs).toISOString(),
      failures: decision.failures,
    });
  }
}
