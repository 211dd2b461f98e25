import { Topics, UsageEventV1 } from '@gatehouse/contracts';
import { EventBus } from '@gatehouse/events';
import { UsageSink } from '@gatehouse/pipeline';

/** usage.v1 onto the event bus, keyed by request id; publishing never blocks the caller. */
export class EventUsageSink implements UsageSink {
  constructor(private readonly events: EventBus) {}

  record(event: UsageEventV1): void {
    this.events.publish(Topics.UsageV1, event.request_id, event, event.traceparent || undefined);
  }
}
