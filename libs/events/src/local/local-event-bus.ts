import { ALL_TOPICS, ControlEventV1, Topic, TopicPayloads, Topics } from '@gatehouse/contracts';
import type { Logger } from '@gatehouse/logging';
import { ConsumerRun, ControlFollower, ControlFollowOptions, EventBus, GroupConsumerOptions } from '../event-bus';
import { BoundedLog } from './bounded-log';
import { ControlFanout } from './control-fanout';
import { ensureJournalFormat } from './journal-format';
import { JournalLayout } from './journal-layout';
import { PidLock } from '@gatehouse/runtime';
import { acquireJournalLock } from './journal-lock';
import { LocalConsumer } from './local-consumer';
import { TopicJournal } from './topic-journal';

export interface LocalEventBusOptions {
  /** A segment is rolled at this size; retention deletes whole segments. Default 16 MiB. */
  segmentBytes?: number;
  /** How long a consumer lets events arrive before reading less than a full batch. Default 50 ms. */
  lingerMs?: number;
  /** fdatasync of the journal at this interval bounds what an OS crash or power cut can lose. Default 1 s. */
  syncIntervalMs?: number;
}

const DEFAULTS: Required<LocalEventBusOptions> = {
  segmentBytes: 16 * 1024 * 1024,
  lingerMs: 50,
  syncIntervalMs: 1_000,
};

/** Every topic but control.v1 is journaled; control only fans out to the followers of this process. */
const JOURNALED: readonly Topic[] = ALL_TOPICS.filter((topic) => topic !== Topics.ControlV1);

function isControlEvent(topic: Topic, _event: TopicPayloads[Topic]): _event is ControlEventV1 {
  return topic === Topics.ControlV1;
}

/**
 * The facts port in one process, with nothing but a directory: usage and request logs go to a
 * durable journal that consumer groups read from their committed positions, control.v1 fans out in
 * memory.
 *
 * Durability: `publish` returns after the event's line was written by one write(2), so it survives
 * the death of the process (a crash, kill -9) once `publish` has returned. An OS crash or power cut
 * can lose what was written within the last `syncIntervalMs` (the journal is fdatasync'ed on that
 * interval, and on close). A position is flushed and renamed into place only after its batch was
 * handled, so a restart replays, never skips.
 */
export class LocalEventBus extends EventBus {
  private closed = false;
  private readonly consumers = new Set<ConsumerRun>();
  private readonly control: ControlFanout;
  private readonly publishFailures: BoundedLog;
  private readonly syncFailures: BoundedLog;
  private readonly syncTimer: NodeJS.Timeout;

  private constructor(
    private readonly layout: JournalLayout,
    private readonly lock: PidLock,
    private readonly journals: ReadonlyMap<Topic, TopicJournal>,
    private readonly settings: Required<LocalEventBusOptions>,
    private readonly logger: Logger,
  ) {
    super();
    this.control = new ControlFanout(logger);
    this.publishFailures = new BoundedLog(logger, { journal: layout.root });
    this.syncFailures = new BoundedLog(logger, { journal: layout.root });
    this.syncTimer = setInterval(() => this.syncAll(), settings.syncIntervalMs).unref();
  }

  /**
   * Opens (or creates) the journal in `directory`: refuses a directory of another format or in use by
   * another live process, cuts torn last lines, and checks every committed position.
   */
  static async open(directory: string, logger: Logger, options: LocalEventBusOptions = {}): Promise<LocalEventBus> {
    const settings = { ...DEFAULTS, ...options };
    const layout = new JournalLayout(directory);
    await ensureJournalFormat(layout);
    const lock = acquireJournalLock(layout);
    const journals = new Map<Topic, TopicJournal>();
    try {
      for (const topic of JOURNALED)
        journals.set(topic, await TopicJournal.open(layout, topic, settings.segmentBytes, logger));
    } catch (error) {
      await Promise.allSettled([...journals.values()].map((journal) => journal.close()));
      lock.release();
      throw error;
    }
    return new LocalEventBus(layout, lock, journals, settings, logger);
  }

  /**
   * The key only chooses a Kafka partition; one journal keeps a single order, so every key's order.
   * The traceparent is in the event's envelope already.
   */
  publish<T extends Topic>(topic: T, _key: string, event: TopicPayloads[T], _traceparent?: string): void {
    if (this.closed) return this.drop(new Error('the event bus is closed'));
    if (isControlEvent(topic, event)) return this.control.publish(event);
    const journal = this.journals.get(topic);
    if (!journal) return this.drop(new Error(`${topic} has no journal`));
    try {
      journal.append(`${JSON.stringify(event)}\n`);
    } catch (error) {
      return this.drop(error);
    }
    this.publishFailures.recovered('event journal: appends succeed again');
  }

  consume<T extends Topic>(options: GroupConsumerOptions<T>): ConsumerRun {
    if (this.closed) throw new Error('event journal: the event bus is closed');
    const journal = this.journals.get(options.topic);
    if (!journal) throw new Error(`event journal: ${options.topic} is not journaled; follow it with followControl`);
    const consumer: ConsumerRun = new LocalConsumer(options, {
      journal,
      layout: this.layout,
      lingerMs: this.settings.lingerMs,
      logger: this.logger,
      onStopped: () => this.consumers.delete(consumer),
    });
    this.consumers.add(consumer);
    return consumer;
  }

  followControl(options: ControlFollowOptions): ControlFollower {
    return this.control.follow(options);
  }

  /** Stops the consumers still running (each finishes its batch), then syncs and closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.syncTimer);
    this.control.stopAll();
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    await Promise.all([...this.journals.values()].map((journal) => journal.close()));
    this.lock.release();
  }

  private drop(error: unknown): void {
    this.publishFailures.failed(error, 'event journal: an event could not be written and is lost');
  }

  private syncAll(): void {
    for (const journal of this.journals.values()) {
      journal.sync().then(
        () => this.syncFailures.recovered('event journal: fdatasync succeeds again'),
        (error: unknown) => this.syncFailures.failed(error, 'event journal: fdatasync failed'),
      );
    }
  }
}
