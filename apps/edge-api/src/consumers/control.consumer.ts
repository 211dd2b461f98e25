import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ControlEventV1 } from '@gatehouse/contracts';
import { ControlFollower, EventBus } from '@gatehouse/events';
import { AuthenticationService, Cooldowns } from '@gatehouse/pipeline';

/**
 * Drops cached principals when auth says a key, user or team changed, and stops choosing a
 * deployment the router has put in cooldown.
 */
@Injectable()
export class ControlConsumer implements OnModuleInit, OnApplicationShutdown {
  private follower: ControlFollower | undefined;

  constructor(
    private readonly events: EventBus,
    private readonly authentication: AuthenticationService,
    private readonly cooldowns: Cooldowns,
  ) {}

  /** Start-up waits (boundedly) for the subscription, so a fresh replica hears changes from its first request. */
  async onModuleInit(): Promise<void> {
    this.follower = this.events.followControl({
      service: 'edge-api',
      handle: (event) => this.handle(event),
    });
    await this.follower.ready;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }

  private handle(event: ControlEventV1): void {
    switch (event.type) {
      case 'key.revoked':
      case 'key.updated':
      case 'key.blocked':
        this.authentication.forgetKey(event.key_hash);
        return;
      case 'scope.updated':
        this.authentication.forgetAll();
        return;
      case 'deployment.cooldown':
        this.cooldowns.coolDown(event.deployment_id, Date.parse(event.until));
        return;
      case 'config.reload':
      case 'budget.crossed':
        return;
    }
  }
}
