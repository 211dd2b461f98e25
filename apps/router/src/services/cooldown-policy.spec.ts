import { UsageEventV1 } from '@gatehouse/contracts';
import { CooldownPolicy } from './cooldown-policy';

const settings = { allowedFails: 2, cooldownMs: 5_000, coolable: new Set(['a', 'b']) };
const t0 = Date.parse('2026-12-03T10:00:00.000Z');

function failure(deploymentId: string, atMs: number, errorKind = 'upstream'): UsageEventV1 {
  return {
    deployment_id: deploymentId,
    status: 'error',
    error_kind: errorKind,
    occurred_at: new Date(atMs).toISOString(),
  } as UsageEventV1;
}

describe('CooldownPolicy', () => {
  it('cools a deployment down on the failure past allowed_fails, from when that is known', () => {
    const policy = new CooldownPolicy(settings);
    expect(policy.observe(failure('a', t0), t0)).toEqual([]);
    expect(policy.observe(failure('a', t0 + 10), t0 + 10)).toEqual([]);
    expect(policy.observe(failure('a', t0 + 20), t0 + 500)).toEqual([
      { deploymentId: 'a', untilMs: t0 + 500 + 5_000, failures: 3 },
    ]);
  });

  it('announces a cooldown once, and counts afresh after it', () => {
    const policy = new CooldownPolicy(settings);
    for (const at of [0, 1, 2]) policy.observe(failure('a', t0 + at), t0 + at);
    expect(policy.observe(failure('a', t0 + 3), t0 + 3)).toEqual([]);
    const after = t0 + 6_000;
    expect(policy.observe(failure('a', after), after)).toEqual([]);
    expect(policy.observe(failure('a', after + 1), after + 1)).toEqual([]);
    expect(policy.observe(failure('a', after + 2), after + 2)[0]?.untilMs).toBe(after + 2 + 5_000);
  });

  it('forgets failures older than a minute', () => {
    const policy = new CooldownPolicy(settings);
    policy.observe(failure('a', t0), t0);
    policy.observe(failure('a', t0 + 1), t0 + 1);
    expect(policy.observe(failure('a', t0 + 61_000), t0 + 61_000)).toEqual([]);
  });

  it('counts each deployment on its own', () => {
    const policy = new CooldownPolicy(settings);
    policy.observe(failure('a', t0), t0);
    policy.observe(failure('a', t0 + 1), t0 + 1);
    expect(policy.observe(failure('b', t0 + 2), t0 + 2)).toEqual([]);
  });

  it("ignores the request's own faults, successes, and a model group's only deployment", () => {
    const policy = new CooldownPolicy(settings);
    for (let i = 0; i < 5; i++) {
      expect(policy.observe(failure('a', t0 + i, 'bad_request'), t0 + i)).toEqual([]);
      expect(policy.observe({ ...failure('a', t0 + i), status: 'success' }, t0 + i)).toEqual([]);
      expect(policy.observe(failure('lonely', t0 + i), t0 + i)).toEqual([]);
    }
  });

  it.each(['rate_limited', 'authentication', 'timeout', 'unavailable'])('cools down on %s', (kind) => {
    const policy = new CooldownPolicy(settings);
    for (const at of [0, 1]) policy.observe(failure('b', t0 + at, kind), t0 + at);
    expect(policy.observe(failure('b', t0 + 2, kind), t0 + 2)).toMatchObject([{ deploymentId: 'b' }]);
  });

  it('counts the failed tries a retried request reports, though the request itself succeeded', () => {
    const policy = new CooldownPolicy(settings);
    const retried = (at: number): UsageEventV1 => ({
      ...failure('b', at),
      status: 'success',
      failed_attempts: [{ deployment_id: 'a', model: 'm', error_kind: 'upstream', latency_ms: 3 }],
    });
    expect(policy.observe(retried(t0), t0)).toEqual([]);
    expect(policy.observe(retried(t0 + 1), t0 + 1)).toEqual([]);
    expect(policy.observe(retried(t0 + 2), t0 + 2)).toEqual([
      { deploymentId: 'a', untilMs: t0 + 2 + 5_000, failures: 3 },
    ]);
  });
});
