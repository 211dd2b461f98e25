import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ControlEventV1, Topics, topicName, validateEvent } from '@gatehouse/contracts';
import { consumeWithRetry } from '@gatehouse/kafka';
import { Logger } from '@gatehouse/logging';
import { Consumer, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { EDGE_LOGGER, EDGE_TOPIC_PREFIX } from '../config/tokens';
import { AuthenticationService } from '../services/authentication.service';

/** How long start-up waits to be subscribed before serving anyway (cache TTLs bound staleness). */
const JOIN_TIMEOUT_MS = 15_000;

/**
 * Every replica hears every control.v1 event, so each one has its own consumer group; a replica
 * only needs what happens from its start on, which its empty cache already reflects.
 */
@Injectable()
export class ControlConsumer implements OnModuleInit, OnApplicationShutdown {
  private readonly consumer: Consumer;
  private stop: (() => Promise<void>) | undefined;

  constructor(
    kafka: Kafka,
    @Inject(EDGE_TOPIC_PREFIX) private readonly topicPrefix: string,
    private readonly authentication: AuthenticationService,
    @Inject(EDGE_LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = kafka.consumer({
      groupId: `${topicPrefix}edge-api-control-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
  }

  /** Start-up waits (boundedly) for the subscription, so a fresh replica hears changes from its first request. */
  async onModuleInit(): Promise<void> {
    const joined = new Promise<void>((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    this.stop = consumeWithRetry(
      { start: () => this.subscribe(), stop: () => this.consumer.disconnect() },
      this.logger,
      'edge-api following control events',
    );
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, JOIN_TIMEOUT_MS).unref());
    await Promise.race([joined, timeout]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop?.();
  }

  private async subscribe(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: topicName(Topics.ControlV1, this.topicPrefix), fromBeginning: false });
    await this.consumer.run({ eachMessage: async ({ message }) => this.apply(message.value) });
  }

  private apply(value: Buffer | null): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value?.toString('utf8') ?? '');
    } catch {
      parsed = undefined;
    }
    const outcome = validateEvent(Topics.ControlV1, parsed);
    if (!outcome.ok) {
      this.logger.warn({ problems: outcome.problems }, 'ignoring an invalid control event');
      return Promise.resolve();
    }
    this.handle(outcome.value);
    return Promise.resolve();
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
      case 'config.reload':
      case 'budget.crossed':
        return;
    }
  }
}
