/** One member of a sorted set with its score. */
export interface Scored {
  member: string;
  score: number;
}

/**
 * A Redis sorted set: members ordered by score, ties by member. Kept as one sorted array plus a
 * score lookup: the sets here are request logs and in-flight tickets, scored mostly in arrival
 * order, so an insert lands at or near the end and a range removal cuts the front.
 */
export class SortedSet {
  private readonly ordered: Scored[] = [];
  private readonly scores = new Map<string, number>();

  get size(): number {
    return this.ordered.length;
  }

  /** Adds the member or moves it to its new score; true when it was not there before (ZADD). */
  add(member: string, score: number): boolean {
    const previous = this.scores.get(member);
    if (previous === score) return false;
    if (previous !== undefined) this.ordered.splice(this.firstAtOrAfter({ member, score: previous }), 1);
    this.ordered.splice(this.firstAtOrAfter({ member, score }), 0, { member, score });
    this.scores.set(member, score);
    return previous === undefined;
  }

  /** True when the member was there (ZREM). */
  remove(member: string): boolean {
    const score = this.scores.get(member);
    if (score === undefined) return false;
    this.ordered.splice(this.firstAtOrAfter({ member, score }), 1);
    this.scores.delete(member);
    return true;
  }

  /** Members scored within [min, max], lowest first (ZRANGEBYSCORE). */
  rangeByScore(min: number, max: number): string[] {
    const [from, to] = this.bounds(min, max);
    return this.ordered.slice(from, to).map(({ member }) => member);
  }

  /** Removes the members scored within [min, max]; how many went (ZREMRANGEBYSCORE). */
  removeRangeByScore(min: number, max: number): number {
    const [from, to] = this.bounds(min, max);
    for (const { member } of this.ordered.splice(from, to - from)) this.scores.delete(member);
    return to - from;
  }

  /** The lowest-ranked member (ZRANGE 0 0 WITHSCORES). */
  first(): Scored | undefined {
    const lowest = this.ordered.at(0);
    return lowest && { ...lowest };
  }

  private bounds(min: number, max: number): [number, number] {
    const from = this.firstScoredAtLeast(min);
    return [from, Math.max(from, this.firstScoredAbove(max))];
  }

  /** Binary search for the first index not ranked before `entry`. */
  private firstAtOrAfter(entry: Scored): number {
    return this.search(
      (other) => other.score < entry.score || (other.score === entry.score && other.member < entry.member),
    );
  }

  private firstScoredAtLeast(score: number): number {
    return this.search((other) => other.score < score);
  }

  private firstScoredAbove(score: number): number {
    return this.search((other) => other.score <= score);
  }

  /** First index whose entry is not `before` the target; `before` holds for a prefix of the array. */
  private search(before: (other: Scored) => boolean): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(this.ordered[middle])) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
