import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import {
  AdmissionStoreUnavailable,
  AdmissionTicket,
  AdmitRequest,
  AdmitResult,
  SettleUsage,
} from '@gatehouse/governance';
import type { Logger } from '@gatehouse/logging';
import { AdmissionBackend, AdmissionService, RedisFailurePolicy } from './admission';

const NOW = 1_700_000_000_000;
const NO_LIMITS = { rpm: 0, tpm: 0, maxParallel: 0 };
const ticket: AdmissionTicket = { id: 't', requestId: 'r1', leaseMs: 1, slots: [], tokenCounters: [], budgets: [] };
const outage = new AdmissionStoreUnavailable('admit', new Error('connect ECONNREFUSED 127.0.0.1:6379'));

function scope(extra: Partial<common.Scope>): common.Scope {
  return { kind: 'key', id: 'k1', limits: NO_LIMITS, modelLimits: {}, ...extra };
}
const limited = scope({ limits: { ...NO_LIMITS, rpm: 10 } });
const budgeted = scope({ kind: 'team', id: 't1', budget: { maxMicroUsd: 5, durationSeconds: 0, anchorUnixMs: 0 } });
const idle = scope({ kind: 'user', id: 'u1' });

function ctx(scopes: common.Scope[]) {
  const principal: common.Principal = {
    kind: 'virtual_key',
    subject: 'hash',
    keyAlias: 'alias',
    userId: '',
    teamId: '',
    orgId: '',
    models: [],
    scopes,
    expiresAtUnixMs: 0,
    admin: false,
    keyId: 'k1',
    guardrails: [],
    allowRequestGuardrails: false,
  };
  return { requestId: 'r1', principal };
}

/** A store that fails the test on any call it was not given an answer for. */
function strictStore(answers: { admit?: (r: AdmitRequest) => Promise<AdmitResult>; settle?: () => Promise<boolean> }) {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected store.${name} call`));
  const admit = jest.fn(answers.admit ?? unexpected('admit'));
  const settle = jest.fn<Promise<boolean>, [AdmissionTicket, SettleUsage]>(answers.settle ?? unexpected('settle'));
  const store: AdmissionBackend = { admit, settle };
  return { store, admit, settle };
}

function setup(store: AdmissionBackend, policy: RedisFailurePolicy = { budgets: 'closed', rateLimits: 'open' }) {
  const clock = { now: NOW };
  const error = jest.fn();
  const logger = { error } as unknown as Logger;
  const service = new AdmissionService(store, { policy, logger, leaseMs: 30_000, clock: () => clock.now });
  return { service, error, clock };
}

const admitted: AdmitResult = {
  admitted: true,
  ticket,
  quota: { requests: { limit: 10, remaining: 9, resetMs: 60_000 } },
};

describe('AdmissionService', () => {
  it('never calls Redis for a principal whose scopes carry no limits or budget', async () => {
    const { store, admit, settle } = strictStore({});
    const { service } = setup(store);
    const admission = await service.admit(ctx([idle]), 'gpt-4o', 100);
    expect(admission.headers).toEqual({});
    admission.settle({ costMicroUsd: 1, totalTokens: 1 });
    await flush();
    const estimate = jest.fn(() => 100);
    const master = await service.admit(ctx([]), 'gpt-4o', estimate);
    expect(master.headers).toEqual({});
    expect(estimate).not.toHaveBeenCalled();
    expect(admit).not.toHaveBeenCalled();
    expect(settle).not.toHaveBeenCalled();
  });

  it('sends only the governing scopes, with the lease and the clock, and returns quota headers', async () => {
    const { store, admit } = strictStore({ admit: () => Promise.resolve(admitted) });
    const { service } = setup(store);
    const admission = await service.admit(ctx([limited, idle, budgeted]), 'gpt-4o', 250);
    expect(admit).toHaveBeenCalledWith({
      requestId: 'r1',
      model: 'gpt-4o',
      scopes: [limited, budgeted],
      reservationMicroUsd: 250,
      leaseMs: 30_000,
      nowMs: NOW,
    });
    expect(admission.headers).toEqual({
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '9',
      'x-ratelimit-reset-requests': '1m0s',
    });
  });

  it('throws the refusal the store decided on', async () => {
    const failure = new GatewayFailure('rate_limited', 'rate limit exceeded', { retryAfterSeconds: 3 });
    const { store } = strictStore({ admit: () => Promise.resolve({ admitted: false, failure, quota: {} }) });
    await expect(setup(store).service.admit(ctx([limited]), 'm', 0)).rejects.toBe(failure);
  });

  it('settles once, in the background, however often settle is called', async () => {
    let release: (settled: boolean) => void = () => undefined;
    const pending = new Promise<boolean>((resolve) => (release = resolve));
    const { store, settle } = strictStore({ admit: () => Promise.resolve(admitted), settle: () => pending });
    const admission = await setup(store).service.admit(ctx([budgeted]), 'm', 10);
    const usage = { costMicroUsd: 7, totalTokens: 3 };
    expect(admission.settle(usage)).toBeUndefined(); // returns before Redis answers
    admission.settle(usage);
    release(true);
    await flush();
    expect(settle).toHaveBeenCalledTimes(1);
    expect(settle).toHaveBeenCalledWith(ticket, usage);
  });

  it('logs a failed settle instead of throwing', async () => {
    const { store } = strictStore({ admit: () => Promise.resolve(admitted), settle: () => Promise.reject(outage) });
    const { service, error } = setup(store);
    (await service.admit(ctx([budgeted]), 'm', 10)).settle({ costMicroUsd: 1, totalTokens: 1 });
    await flush();
    expect(error).toHaveBeenCalledWith({ err: outage, suppressed: 0 }, expect.stringContaining('settle failed'));
  });

  describe('when Redis is unavailable', () => {
    const unreachable = () => strictStore({ admit: () => Promise.reject(outage) }).store;

    it('fails closed with a 503 for a principal with a budget', async () => {
      const { service, error } = setup(unreachable());
      await expect(service.admit(ctx([limited, budgeted]), 'm', 1)).rejects.toMatchObject({
        kind: 'unavailable',
        status: 503,
        message: 'budget checks are unavailable (Redis unreachable)',
      });
      expect(error).toHaveBeenCalledWith({ err: outage, suppressed: 0 }, expect.stringContaining('fail closed'));
    });

    it('fails open for rate limits by default, admitting without headers', async () => {
      const { service, error } = setup(unreachable());
      const admission = await service.admit(ctx([limited]), 'm', 1);
      expect(admission.headers).toEqual({});
      admission.settle({ costMicroUsd: 1, totalTokens: 1 }); // nothing was counted, so nothing to undo
      await flush();
      expect(error).toHaveBeenCalledWith({ err: outage, suppressed: 0 }, expect.stringContaining('fail open'));
    });

    it('follows the policy when budgets are open and rate limits closed', async () => {
      const { service } = setup(unreachable(), { budgets: 'open', rateLimits: 'closed' });
      await expect(service.admit(ctx([budgeted]), 'm', 1)).resolves.toMatchObject({ headers: {} });
      await expect(service.admit(ctx([limited]), 'm', 1)).rejects.toMatchObject({
        kind: 'unavailable',
        message: 'rate-limit checks are unavailable (Redis unreachable)',
      });
    });

    it('logs at most once per 10 s, counting what it held back', async () => {
      const { service, error, clock } = setup(unreachable());
      for (let i = 0; i < 3; i += 1) await service.admit(ctx([limited]), 'm', 1);
      expect(error).toHaveBeenCalledTimes(1);
      clock.now += 10_000;
      await service.admit(ctx([limited]), 'm', 1);
      expect(error).toHaveBeenCalledTimes(2);
      expect(error).toHaveBeenLastCalledWith({ err: outage, suppressed: 2 }, expect.any(String));
    });
  });

  it('lets an error that is not an outage through, so a bug is not mistaken for one', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const { store } = strictStore({ admit: () => Promise.reject(bug) });
    const { service, error } = setup(store);
    await expect(service.admit(ctx([limited]), 'm', 1)).rejects.toBe(bug);
    expect(error).not.toHaveBeenCalled();
  });
});

/** Lets background promise chains run to the end. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
