import { TIMEOUT_PENALTY_MS } from './latency-samples';
import { FinishedCall, RoutingStats } from './routing-stats';

export interface OpenedStats {
  readonly stats: RoutingStats;
  /** Makes what the binding has recorded shared (a flush); nothing for an in-process binding. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type OpenStats = (options: { now: () => number; latencySamples: number }) => Promise<OpenedStats>;

const WINDOW = 3;
const MINUTE_MS = 60_000;

export function ok(latencyMs: number, completionTokens: number, extra: Partial<FinishedCall> = {}): FinishedCall {
  return { latencyMs, completionTokens, totalTokens: completionTokens + 10, ok: true, ...extra };
}

/**
 * What every binding of RoutingStats answers for the calls one replica records, read both at once
 * and after a sync (so a shared binding neither loses nor double-counts its own unflushed part).
 */
export function describeRoutingStatsContract(name: string, open: OpenStats): void {
  describe(`${name} (RoutingStats contract)`, () => {
    let now: number;
    let opened: OpenedStats;
    let stats: RoutingStats;

    beforeEach(async () => {
      now = (Math.floor(Date.now() / MINUTE_MS) + 1) * MINUTE_MS + 1_000; // early in a minute
      opened = await open({ now: () => now, latencySamples: WINDOW });
      stats = opened.stats;
    });

    afterEach(() => opened.close());

    async function bothWays(check: () => void): Promise<void> {
      check();
      await opened.sync();
      check();
      await opened.sync();
      check();
    }

    it('counts calls in flight up at start and down at finish, never below zero', async () => {
      stats.started('a');
      stats.started('a');
      stats.started('b');
      await bothWays(() => {
        expect(stats.inFlight('a')).toBe(2);
        expect(stats.inFlight('b')).toBe(1);
        expect(stats.inFlight('unknown')).toBe(0);
      });
      stats.finished('a', ok(100, 10));
      stats.finished('b', { ...ok(100, 10), ok: false });
      stats.finished('b', ok(100, 10));
      await bothWays(() => {
        expect(stats.inFlight('a')).toBe(1);
        expect(stats.inFlight('b')).toBe(0);
      });
    });

    it("counts this minute's requests at start and tokens at finish, from zero again the next minute", async () => {
      stats.started('a');
      stats.started('a');
      stats.finished('a', { ...ok(100, 20), totalTokens: 50 });
      await bothWays(() => expect(stats.usage('a')).toEqual({ requests: 2, tokens: 50 }));
      stats.finished('a', { ...ok(100, 5), totalTokens: 7 });
      await bothWays(() => expect(stats.usage('a')).toEqual({ requests: 2, tokens: 57 }));
      expect(stats.usage('b')).toEqual({ requests: 0, tokens: 0 });

      now += MINUTE_MS;
      await bothWays(() => expect(stats.usage('a')).toEqual({ requests: 0, tokens: 0 }));
      stats.started('a');
      await bothWays(() => expect(stats.usage('a')).toEqual({ requests: 1, tokens: 0 }));
      expect(stats.inFlight('a')).toBe(1); // in-flight is not a per-minute count
    });

    it(`averages the last ${WINDOW} samples: ms per output token, and time to first token for streams`, async () => {
      expect(stats.latency('a', false)).toBeUndefined();
      stats.finished('a', ok(1_000, 10)); // 100 ms a token
      await bothWays(() => expect(stats.latency('a', false)).toBe(100));
      expect(stats.latency('a', true)).toBeUndefined(); // not a stream: no first-token sample

      stats.finished('a', ok(600, 3)); // 200
      stats.finished('a', ok(300, 1)); // 300
      await bothWays(() => expect(stats.latency('a', false)).toBe(200));
      stats.finished('a', ok(4_000, 10)); // 400 pushes the first 100 out
      await bothWays(() => expect(stats.latency('a', false)).toBe(300));

      stats.finished('b', ok(2_000, 100, { timeToFirstTokenMs: 250 }));
      stats.finished('b', ok(3_000, 100, { timeToFirstTokenMs: 350 }));
      await bothWays(() => {
        expect(stats.latency('b', true)).toBe(300);
        expect(stats.latency('b', false)).toBe(25);
      });
    });

    it('takes the whole latency of a reply without output tokens as one sample', async () => {
      stats.finished('embed', { latencyMs: 80, completionTokens: 0, totalTokens: 12, ok: true });
      await bothWays(() => expect(stats.latency('embed', false)).toBe(80));
    });

    it('adds the penalty to both series for a timeout, and no sample for another failure', async () => {
      stats.finished('a', ok(1_000, 10, { timeToFirstTokenMs: 100 }));
      stats.finished('a', { latencyMs: 5, completionTokens: 0, totalTokens: 0, ok: false });
      await bothWays(() => expect(stats.latency('a', false)).toBe(100));
      stats.finished('a', { latencyMs: 30_000, completionTokens: 0, totalTokens: 0, ok: false, timedOut: true });
      await bothWays(() => {
        expect(stats.latency('a', false)).toBe((100 + TIMEOUT_PENALTY_MS) / 2);
        expect(stats.latency('a', true)).toBe((100 + TIMEOUT_PENALTY_MS) / 2);
      });
    });
  });
}
