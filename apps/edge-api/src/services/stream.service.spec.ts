import { makePrincipal, router } from '@gatehouse/contracts';
import { EventPublisher } from '@gatehouse/kafka';
import { createLogger } from '@gatehouse/logging';
import { ChatRequest } from '@gatehouse/providers-core';
import { Subject } from 'rxjs';
import { GovernanceSettings } from '../config/governance-settings';
import { ModelDirectory } from '../config/model-directory';
import { PriceBook } from '../config/price-book';
import { RouterClient } from '../repositories/router.client';
import { AdmissionService } from './admission.service';
import { CompletionsService } from './completions.service';
import { RequestContext } from './request-context';
import { ReservationEstimator } from './reservation-estimator';
import { StreamEvent, StreamService } from './stream.service';
import { UsageRecorder } from './usage-recorder';

const principal = makePrincipal({ kind: 'virtual_key', subject: 'hash', keyAlias: 'k', keyId: 'key-1' });
const ctx: RequestContext = { requestId: 'r1', traceparent: '', principal, startedAt: performance.now() };
const served = { deploymentId: 'dep', provider: 'openai', providerModel: 'gpt-4o', attempts: 1, cacheHit: false };
const chunk = (content: string) =>
  Buffer.from(
    JSON.stringify({
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    }),
  );

function setup() {
  const upstream = new Subject<router.CompleteChunk>();
  const settled: { costMicroUsd: number; totalTokens: number }[] = [];
  const reserved: number[] = [];
  const published: { cost_micro_usd: number; status: string; usage: { completion_tokens: number } }[] = [];
  const admission = {
    admit: (_: unknown, __: string, reservation: () => number) => {
      reserved.push(reservation());
      return Promise.resolve({
        headers: { 'x-ratelimit-remaining-requests': '4' },
        settle: (u: (typeof settled)[0]) => settled.push(u),
      });
    },
  } as unknown as AdmissionService;
  const prices = new PriceBook(new Map([['dep', { inputPerMillion: 1_000_000, outputPerMillion: 4_000_000 }]]), {
    modelGroups: new Map([['m', ['dep']]]),
  });
  const publisher = {
    publish: (_t: string, _k: string, event: (typeof published)[0]) => published.push(event),
  } as unknown as EventPublisher;
  const usage = new UsageRecorder(publisher, prices);
  const routerClient = { streamComplete: () => upstream.asObservable() } as unknown as RouterClient;
  const settings: GovernanceSettings = {
    reservationCeilingMicroUsd: 1_000_000,
    reservationLeaseMs: 60_000,
    onRedisError: { budgets: 'closed', rateLimits: 'open' },
  };
  const reservations = new ReservationEstimator(prices, settings);
  const completions = new CompletionsService(
    new ModelDirectory(['m'], 0),
    routerClient,
    usage,
    admission,
    reservations,
  );
  const streams = new StreamService(
    completions,
    routerClient,
    admission,
    reservations,
    createLogger('edge-test', 'silent'),
  );
  return { upstream, settled, reserved, published, streams };
}

const request: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'tell me a long story' }],
  stream: true,
  max_tokens: 100,
};

describe('StreamService accounting', () => {
  it('reserves before routing and carries the quota headers on the start event', async () => {
    const { upstream, reserved, streams } = setup();
    const events: StreamEvent[] = [];
    streams.chat(ctx, request, Buffer.from(JSON.stringify(request))).subscribe((event) => events.push(event));
    await new Promise((resolve) => setImmediate(resolve));
    upstream.next({ start: { served } });
    expect(reserved[0]).toBeGreaterThan(100 * 4); // at least the output allowance at $4/M
    expect(events[0]).toMatchObject({ kind: 'start', headers: { 'x-ratelimit-remaining-requests': '4' } });
  });

  it('bills a stream the client abandoned for its prompt and what was streamed, and settles with that cost', async () => {
    const { upstream, settled, published, streams } = setup();
    const subscription = streams.chat(ctx, request, Buffer.from(JSON.stringify(request))).subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    upstream.next({ start: { served } });
    upstream.next({ chunk: chunk('Once upon a time, ') });
    upstream.next({ chunk: chunk('there was a gateway.') });
    subscription.unsubscribe();
    expect(published).toHaveLength(1);
    expect(published[0].status).toBe('client_disconnected');
    expect(published[0].usage.completion_tokens).toBeGreaterThan(5);
    expect(published[0].cost_micro_usd).toBeGreaterThan(0);
    expect(settled).toEqual([{ costMicroUsd: published[0].cost_micro_usd, totalTokens: expect.any(Number) as number }]);
  });

  it('settles a finished stream with the provider usage, once', async () => {
    const { upstream, settled, streams } = setup();
    streams.chat(ctx, request, Buffer.from(JSON.stringify(request))).subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    upstream.next({ start: { served } });
    upstream.next({ chunk: chunk('hi') });
    upstream.next({
      end: {
        usage: { promptTokens: 10, completionTokens: 2, totalTokens: 12, cachedPromptTokens: 0, reasoningTokens: 0 },
      },
    });
    upstream.complete();
    expect(settled).toEqual([
      { costMicroUsd: Math.round((10 * 1_000_000 + 2 * 4_000_000) / 1_000_000), totalTokens: 12 },
    ]);
  });
});
