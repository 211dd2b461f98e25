import { ControlEventV1, Topics, validateEvent } from '@gatehouse/contracts';
import type { Logger } from '@gatehouse/logging';
import { ControlFollower, ControlFollowOptions } from '../event-bus';

/**
 * control.v1 in one process: every follower registered when an event is published hears it, on a
 * later turn of the event loop (never inside the publisher's call), as its own validated copy, as
 * if it had come off the wire. Nothing is kept: followers only want what happens from now on.
 */
export class ControlFanout {
  private readonly followers = new Set<ControlFollowOptions>();

  constructor(private readonly logger: Logger) {}

  publish(event: ControlEventV1): void {
    if (this.followers.size === 0) return;
    const listeners = [...this.followers];
    setImmediate(() => this.deliver(listeners, event));
  }

  follow(options: ControlFollowOptions): ControlFollower {
    const follower = { ...options };
    this.followers.add(follower);
    this.logger.info(`${options.service} following control events`);
    return {
      ready: Promise.resolve(),
      stop: () => {
        this.followers.delete(follower);
        return Promise.resolve();
      },
    };
  }

  stopAll(): void {
    this.followers.clear();
  }

  private deliver(listeners: ControlFollowOptions[], event: ControlEventV1): void {
    for (const follower of listeners) {
      if (!this.followers.has(follower)) continue;
      const outcome = validateEvent(Topics.ControlV1, event);
      if (!outcome.ok) {
        this.logger.warn({ problems: outcome.problems }, 'ignoring an invalid control event');
        return;
      }
      try {
        follower.handle(outcome.value);
      } catch (error) {
        this.logger.error({ err: error, service: follower.service }, 'a control follower failed on an event');
      }
    }
  }
}
