import { Topics, UsageEventV1 } from '@gatehouse/contracts';
import { EventPublisher } from '@gatehouse/kafka';
import { UsageSink } from '@gatehouse/pipeline';

/** usage.v1 onto Kafka, keyed by request id; the publisher batches and never blocks the caller. */
export class KafkaUsageSink implements UsageSink {
  constructor(private readonly publisher: EventPublisher) {}

  record(event: UsageEventV1): void {
    this.publisher.publish(Topics.UsageV1, event.request_id, event, event.traceparent || undefined);
  }
}
