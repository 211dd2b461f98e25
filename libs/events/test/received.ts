import { UsageEventV1 } from '@gatehouse/contracts';

/** What a group's handler was given, filtered to one test's events (a topic outlives a test). */
export class Received {
  readonly events: UsageEventV1[] = [];

  constructor(private readonly run: string) {}

  readonly handle = (events: UsageEventV1[]): Promise<void> => {
    this.events.push(...events.filter((event) => event.request_id.startsWith(this.run)));
    return Promise.resolve();
  };

  /** Request ids in the order handed over, redeliveries included. */
  ids(): string[] {
    return this.events.map((event) => event.request_id);
  }

  /** Request ids in the order first handed over. */
  distinct(): string[] {
    return [...new Set(this.ids())];
  }

  has(requestIds: string[]): boolean {
    const seen = new Set(this.ids());
    return requestIds.every((id) => seen.has(id));
  }
}
