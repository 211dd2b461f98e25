import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ConsumerRun, EventBus } from '@gatehouse/events';
import { RoutingStateService } from '../services/routing-state.service';

/** usage.v1 → routing state, in the router's own consumer group. */
@Injectable()
export class UsageHealthConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private run: ConsumerRun | undefined;

  constructor(
    private readonly events: EventBus,
    private readonly state: RoutingStateService,
  ) {}

  onApplicationBootstrap(): void {
    this.run = this.events.consume({
      topic: Topics.UsageV1,
      groupId: 'router',
      handle: (events) => Promise.resolve(this.state.apply(events)),
      runningMessage: 'router following usage',
    });
  }

  /** Resolves once the consumer reads events. */
  get running(): Promise<void> {
    return this.run?.running ?? Promise.reject(new Error('the consumer has not been started'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.run?.stop();
  }
}
