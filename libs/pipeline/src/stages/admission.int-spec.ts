import { common } from '@gatehouse/contracts';
import { AdmissionStore } from '@gatehouse/governance';
import { Infra, startInfra } from '@gatehouse/testing';
import type Redis from 'ioredis';
import { AddressInfo, createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createGovernanceRedis, governanceRedisReady } from '@gatehouse/governance';
import { AdmissionService } from './admission';

const FAIL_FAST_MS = 1_000;

function principal(scopes: common.Scope[]): common.Principal {
  const base = { kind: 'virtual_key', subject: 'hash', keyAlias: 'a', userId: '', teamId: '', orgId: '', models: [] };
  return {
    ...base,
    scopes,
    expiresAtUnixMs: 0,
    admin: false,
    keyId: 'k',
    guardrails: [],
    allowRequestGuardrails: false,
  };
}

function scope(limits: Partial<common.Limits>, budget?: common.Budget): common.Scope {
  const id = `key-${randomUUID()}`;
  return { kind: 'key', id, limits: { rpm: 0, tpm: 0, maxParallel: 0, ...limits }, budget, modelLimits: {} };
}

/** A real pino logger whose lines are kept, to see what an outage writes. */
function capturedLogger() {
  const lines: { level: number; msg: string; suppressed?: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as (typeof lines)[number]);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, sink) };
}

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; outcome: PromiseSettledResult<T> }> {
  const started = performance.now();
  const [outcome] = await Promise.allSettled([work()]);
  return { ms: performance.now() - started, outcome };
}

describe('AdmissionService over the edge-api Redis client', () => {
  let infra: Infra;
  const clients: Redis[] = [];

  beforeAll(async () => {
    infra = await startInfra();
  });

  afterAll(async () => {
    clients.forEach((client) => client.disconnect());
    await infra.stop();
  });

  function service(url: string, budgets: 'closed' | 'open' = 'closed') {
    const redis = createGovernanceRedis(url);
    clients.push(redis);
    const store = new AdmissionStore(redis, infra.keyPrefix());
    const { lines, logger } = capturedLogger();
    const admission = new AdmissionService(store, {
      policy: { budgets, rateLimits: 'open' },
      logger,
      leaseMs: 600_000,
    });
    return { redis, store, lines, admission };
  }

  it('admits through real Redis with quota headers, and settles the real cost in the background', async () => {
    const { redis, store, admission } = service(infra.redisUrl);
    expect(await governanceRedisReady(redis)).toBe(true);
    const key = scope({ rpm: 5 }, { maxMicroUsd: 1_000_000, durationSeconds: 0, anchorUnixMs: 0 });
    const admitted = await admission.admit({ requestId: 'r1', principal: principal([key]) }, 'gpt-4o', 10_000);
    expect(admitted.headers).toMatchObject({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '4',
    });
    admitted.settle({ costMicroUsd: 1_234, totalTokens: 10 });
    await expect(poll(() => store.currentSpend('key', key.id, 0), 1_234)).resolves.toBe(1_234);
  });

  describe('when Redis is unreachable', () => {
    it('fails closed for a principal with a budget: 503 within a second, logged once', async () => {
      const { admission, lines } = service(`redis://127.0.0.1:${await closedPort()}`);
      const key = scope({ rpm: 5 }, { maxMicroUsd: 1_000_000, durationSeconds: 0, anchorUnixMs: 0 });
      const ctx = { requestId: 'r2', principal: principal([key]) };
      const first = await timed(() => admission.admit(ctx, 'gpt-4o', 10_000));
      const second = await timed(() => admission.admit(ctx, 'gpt-4o', 10_000));
      for (const { ms, outcome } of [first, second]) {
        expect(ms).toBeLessThan(FAIL_FAST_MS);
        expect(outcome).toMatchObject({
          status: 'rejected',
          reason: { kind: 'unavailable', status: 503, message: 'budget checks are unavailable (Redis unreachable)' },
        });
      }
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 50,
        msg: expect.stringContaining('governance Redis unavailable') as string,
      });
    });

    it('fails open for a rate-limit-only principal within a second, without headers', async () => {
      const { admission, lines } = service(`redis://127.0.0.1:${await closedPort()}`);
      const ctx = { requestId: 'r3', principal: principal([scope({ rpm: 5 })]) };
      const { ms, outcome } = await timed(() => admission.admit(ctx, 'gpt-4o', 10_000));
      expect(ms).toBeLessThan(FAIL_FAST_MS);
      expect(outcome).toMatchObject({ status: 'fulfilled', value: { headers: {} } });
      expect(lines[0]?.msg).toContain('fail open');
    });
  });
});

async function poll<T>(read: () => Promise<T>, wanted: T, timeoutMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== wanted && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}
