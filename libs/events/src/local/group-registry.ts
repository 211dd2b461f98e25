import { Topic } from '@gatehouse/contracts';
import { JournalLayout } from './journal-layout';
import { savePosition } from './position-store';

interface GroupState {
  offset: number;
  /** Has a position file, so it holds back retention even while it is not consuming. */
  persisted: boolean;
  consuming: boolean;
}

/**
 * The topic's known groups: those with a committed position on disk and those consuming now. The
 * slowest of them decides which segments may go.
 */
export class GroupRegistry {
  private readonly groups = new Map<string, GroupState>();

  constructor(
    private readonly layout: JournalLayout,
    private readonly topic: Topic,
    committed: Map<string, number>,
  ) {
    for (const [groupId, offset] of committed) this.groups.set(groupId, { offset, persisted: true, consuming: false });
  }

  /** Where the group resumes: its committed position, or (a new group) the oldest retained event. */
  join(groupId: string, oldest: number): number {
    const known = this.groups.get(groupId);
    if (known?.consuming) {
      throw new Error(`event journal: group "${groupId}" already consumes ${this.topic} in this process`);
    }
    if (known) {
      known.consuming = true;
      return known.offset;
    }
    this.groups.set(groupId, { offset: oldest, persisted: false, consuming: true });
    return oldest;
  }

  async commit(groupId: string, offset: number): Promise<void> {
    await savePosition(this.layout, this.topic, groupId, offset);
    const state = this.groups.get(groupId);
    if (state) {
      state.offset = offset;
      state.persisted = true;
    }
  }

  /** A group that never committed is forgotten; one with a position file stays known. */
  leave(groupId: string): void {
    const state = this.groups.get(groupId);
    if (!state) return;
    if (state.persisted) state.consuming = false;
    else this.groups.delete(groupId);
  }

  /** The lowest position of any known group; undefined when no group is known (nothing may go). */
  slowest(): number | undefined {
    let lowest: number | undefined;
    for (const { offset } of this.groups.values()) lowest = lowest === undefined ? offset : Math.min(lowest, offset);
    return lowest;
  }
}
