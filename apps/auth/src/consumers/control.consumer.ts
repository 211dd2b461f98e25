import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ControlFollower, EventBus } from '@gatehouse/events';
import { KeyLookupService } from '../services/credentials/key-lookup.service';

/**
 * A key changed through any auth replica must not be served from this replica's outage memory:
 * a revoked key would otherwise come back while the database is unreachable.
 */
@Injectable()
export class ControlConsumer implements OnModuleInit, OnApplicationShutdown {
  private follower: ControlFollower | undefined;

  constructor(
    private readonly events: EventBus,
    private readonly keys: KeyLookupService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.follower = this.events.followControl({
      service: 'auth',
      handle: (event) => {
        if (event.type === 'key.revoked' || event.type === 'key.blocked' || event.type === 'key.updated')
          this.keys.forget(event.key_hash);
      },
    });
    await this.follower.ready;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }
}
