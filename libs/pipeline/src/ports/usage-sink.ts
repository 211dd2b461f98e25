import { UsageEventV1 } from '@gatehouse/contracts';

/** Where each request's one usage.v1 event goes. Never blocks the response: record returns at once. */
export abstract class UsageSink {
  abstract record(event: UsageEventV1): void;
}
