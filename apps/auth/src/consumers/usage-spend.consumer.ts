import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@gatehouse/contracts';
import { ConsumerRun, EventBus } from '@gatehouse/events';
import { SpendService } from '../services/spend.service';

/** usage.v1 → budget-window spend in auth's tables; positions are committed after the database has them. */
@Injectable()
export class UsageSpendConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private run: ConsumerRun | undefined;

  constructor(
    private readonly events: EventBus,
    private readonly spend: SpendService,
  ) {}

  onApplicationBootstrap(): void {
    this.run = this.events.consume({
      topic: Topics.UsageV1,
      groupId: 'auth-spend',
      handle: async (events) => {
        await this.spend.apply(events);
      },
      runningMessage: 'auth applying spend',
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
