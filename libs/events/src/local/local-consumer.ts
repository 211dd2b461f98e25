import { Topic, TopicPayloads } from '@gatehouse/contracts';
import type { Logger } from '@gatehouse/logging';
import { ConsumerRun, GroupConsumerOptions } from '../event-bus';
import { BoundedLog } from './bounded-log';
import { appendDeadLetters, DeadLetter } from './dead-letters';
import { decodeEvent } from './decode-event';
import { Idle } from './doorbell';
import { JournalLayout } from './journal-layout';
import { JournalReader, ReadBatch } from './journal-reader';
import { TopicJournal } from './topic-journal';

/** Batches like the Kafka consumer's fetches: large enough to amortise a database commit, bounded in memory. */
const MAX_BATCH_EVENTS = 1000;
const MAX_BATCH_BYTES = 256 * 1024;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

export interface LocalConsumerSettings {
  journal: TopicJournal;
  layout: JournalLayout;
  /** How long a consumer lets events arrive before reading less than a full batch. */
  lingerMs: number;
  logger: Logger;
  onStopped: () => void;
}

type Attempt<R> = { done: true; value: R } | { done: false };

/**
 * One group reading one topic's journal: each batch is validated (what does not validate is
 * dead-lettered), handed to `handle`, then its position committed; a failure retries the same step
 * with backoff, never moving on, so nothing is skipped.
 */
export class LocalConsumer<T extends Topic> implements ConsumerRun {
  /** The position is known once the bus is open, so reading starts at once. */
  readonly running = Promise.resolve();
  private readonly loop: Promise<void>;
  private stopping = false;
  private readonly idle = new Idle();
  private readonly failures: BoundedLog;

  constructor(
    private readonly options: GroupConsumerOptions<T>,
    private readonly settings: LocalConsumerSettings,
  ) {
    const { journal, logger } = settings;
    const start = journal.groups.join(options.groupId, journal.oldest);
    this.failures = new BoundedLog(logger, { topic: options.topic, group: options.groupId });
    logger.info({ topic: options.topic, group: options.groupId, offset: start }, options.runningMessage);
    this.loop = this.consume(new JournalReader(journal, start, MAX_BATCH_BYTES));
  }

  /** Lets an in-flight batch finish (and commit), cuts short any wait, and closes the reader. */
  stop(): Promise<void> {
    this.stopping = true;
    this.idle.interrupt();
    return this.loop;
  }

  private async consume(reader: JournalReader): Promise<void> {
    const { journal, logger } = this.settings;
    try {
      while (!this.stopping) {
        if (reader.caughtUp) await this.idle.until({ bell: journal.bell });
        // Less than a full batch waits for more, as a Kafka fetch waits for fetch.min.bytes: under a
        // steady trickle, reading what is there at once would commit a transaction per handful of events.
        if (!this.stopping && reader.backlog < MAX_BATCH_BYTES) await this.idle.until({ ms: this.settings.lingerMs });
        if (this.stopping) break;
        const read = await this.attempt('reading the journal', () => reader.read(MAX_BATCH_EVENTS));
        if (!read.done || !(await this.apply(read.value))) break;
      }
    } catch (error) {
      logger.error({ err: error, topic: this.options.topic, group: this.options.groupId }, 'event consumer failed');
    } finally {
      await reader.close().catch(() => undefined);
      journal.groups.leave(this.options.groupId);
      this.settings.onStopped();
    }
  }

  /** False when stopped before the batch was committed; it is read again on the next start. */
  private async apply(batch: ReadBatch): Promise<boolean> {
    const { topic, groupId } = this.options;
    const { journal, layout, logger } = this.settings;
    const valid: TopicPayloads[T][] = [];
    const invalid: DeadLetter[] = [];
    for (const line of batch.lines) {
      const outcome = decodeEvent(topic, line);
      if (outcome.ok) valid.push(outcome.value);
      else invalid.push({ line, problems: outcome.problems });
    }
    if (invalid.length > 0) {
      const problems = invalid[0].problems;
      logger.warn(
        { topic, group: groupId, events: invalid.length, problems },
        'events failed validation; dead-lettered',
      );
      const dead = await this.attempt('dead-lettering', () => appendDeadLetters(layout, topic, groupId, invalid));
      if (!dead.done) return false;
    }
    if (valid.length > 0 && !(await this.attempt('handling a batch', () => this.options.handle(valid))).done) {
      return false;
    }
    const committed = await this.attempt('committing a position', async () => {
      await journal.groups.commit(groupId, batch.next);
      await journal.retain();
    });
    return committed.done;
  }

  /** Runs `action` until it succeeds, backing off between tries; gives up only when stopping. */
  private async attempt<R>(what: string, action: () => Promise<R>): Promise<Attempt<R>> {
    for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
      try {
        const value = await action();
        this.failures.recovered(`${what} succeeds again`);
        return { done: true, value };
      } catch (error) {
        this.failures.failed(error, `${what} failed; retrying without moving on`);
      }
      if (this.stopping) return { done: false };
      await this.idle.until({ ms: delay });
      if (this.stopping) return { done: false };
    }
  }
}
