import { Topic } from '@gatehouse/contracts';
import type { Logger } from '@gatehouse/logging';
import { close, fdatasync, ftruncateSync, open, openSync, writeSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { BoundedLog } from './bounded-log';
import { Doorbell } from './doorbell';
import { GroupRegistry } from './group-registry';
import { JournalLayout } from './journal-layout';
import { loadPositions } from './position-store';
import { Segment, recoverSegments } from './segment-recovery';
import { checkedStart } from './start-position';

const openFd = promisify(open);
const syncFd = promisify(fdatasync);
const closeFd = promisify(close);

/**
 * One topic's append-only journal: the segments, the single writer, and the groups reading it.
 * Offsets are topic-wide byte offsets, so a position stays valid across segment rolls and deletions.
 */
export class TopicJournal {
  readonly bell = new Doorbell();
  private dirty = false;
  /** Rolled segments' descriptors, closed by the next sync once their data is on disk. */
  private retired: number[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private readonly rollFailures: BoundedLog;

  private constructor(
    readonly topic: Topic,
    readonly groups: GroupRegistry,
    private readonly layout: JournalLayout,
    private readonly segments: Segment[],
    private fd: number,
    private readonly segmentBytes: number,
    private readonly logger: Logger,
  ) {
    this.rollFailures = new BoundedLog(logger, { topic });
  }

  static async open(layout: JournalLayout, topic: Topic, segmentBytes: number, logger: Logger): Promise<TopicJournal> {
    const segments = await recoverSegments(layout, topic, logger);
    const committed = await loadPositions(layout, topic);
    for (const [groupId, offset] of committed) {
      const file = layout.positionFile(topic, groupId);
      committed.set(groupId, await checkedStart({ topic, groupId, file, offset, segments, logger }));
    }
    const fd = await openFd(segments.at(-1)!.file, 'a');
    return new TopicJournal(
      topic,
      new GroupRegistry(layout, topic, committed),
      layout,
      segments,
      fd,
      segmentBytes,
      logger,
    );
  }

  /** The offset just past the last whole line. */
  get end(): number {
    const active = this.active;
    return active.base + active.size;
  }

  get oldest(): number {
    return this.segments[0].base;
  }

  /** The segment that holds unread bytes at or after `offset`; undefined once `offset` is at the end. */
  segmentFor(offset: number): Segment | undefined {
    return this.segments.find((segment) => offset < segment.base + segment.size);
  }

  /**
   * Appends one line with a single write(2) on an O_APPEND descriptor: once this returns the line is
   * in the kernel's page cache, which outlives the process. A failed or short write is cut back off,
   * so the next line never lands after a fragment, and reported by throwing.
   */
  append(line: string): void {
    const active = this.active;
    const bytes = Buffer.byteLength(line);
    let written = 0;
    try {
      written = writeSync(this.fd, line);
    } finally {
      if (written !== bytes) ftruncateSync(this.fd, active.size);
    }
    if (written !== bytes) throw new Error(`event journal: short write to ${active.file} (${written} of ${bytes})`);
    active.size += bytes;
    this.dirty = true;
    if (active.size >= this.segmentBytes) this.roll();
    this.bell.ring();
  }

  /** fdatasync of what was appended since the last sync, and of segments rolled meanwhile. */
  sync(): Promise<void> {
    const next = this.syncing.then(() => this.syncNow());
    this.syncing = next.catch(() => undefined);
    return next;
  }

  /** Deletes the segments every known group has read past; none while no group is known. */
  async retain(): Promise<void> {
    const slowest = this.groups.slowest();
    if (slowest === undefined) return;
    while (this.segments.length > 1 && this.segments[1].base <= slowest) {
      const { file } = this.segments.shift()!;
      await unlink(file).catch((error: unknown) =>
        this.logger.warn({ err: error, file }, 'event journal: could not delete a consumed segment'),
      );
    }
  }

  async close(): Promise<void> {
    await this.sync();
    await closeFd(this.fd);
  }

  private get active(): Segment {
    return this.segments.at(-1)!;
  }

  /** Opening the next segment is the one metadata call on the publish path, once per segment size. */
  private roll(): void {
    const base = this.end;
    const file = this.layout.segmentFile(this.topic, base);
    let fd: number;
    try {
      fd = openSync(file, 'a');
    } catch (error) {
      this.rollFailures.failed(error, 'event journal: cannot start a new segment; the current one keeps growing');
      return;
    }
    this.rollFailures.recovered('event journal: segments roll again');
    this.retired.push(this.fd);
    this.fd = fd;
    this.segments.push({ base, file, size: 0 });
  }

  private async syncNow(): Promise<void> {
    const retired = this.retired;
    this.retired = [];
    for (const fd of retired) {
      try {
        await syncFd(fd);
      } finally {
        await closeFd(fd);
      }
    }
    if (!this.dirty) return;
    this.dirty = false;
    await syncFd(this.fd);
  }
}
