import { makePrincipal } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { createLogger } from '@gatehouse/logging';
import { ChatCompletionChunk, ChatRequest } from '@gatehouse/providers-core';
import { Subject } from 'rxjs';
import { ModelCatalog, RoutedDeployment } from './catalog/model-catalog';
import { CompletionPipeline, PipelineStages } from './completion-pipeline';
import { Payload } from './payload';
import { ProviderInvoker, StreamPiece } from './ports/provider-invoker';
import { UsageSink } from './ports/usage-sink';
import { RequestContext } from './request-context';
import { AdmissionService } from './stages/admission';
import { ReservationEstimator } from './stages/reservation-estimator';
import { Cooldowns } from './stages/cooldowns';
import { guardrailEntry, guardStage, noGuard, rulePort } from './stages/guard.fixture';
import { simpleRouter } from './stages/route.fixture';
import { UsageRecorder } from './stages/usage-recorder';
import { NO_RESILIENCE } from './resilience/no-resilience.fixture';
import { StreamEvent, StreamPipeline } from './stream-pipeline';

const principal = makePrincipal({ kind: 'virtual_key', subject: 'hash', keyAlias: 'k', keyId: 'key-1' });
const ctx: RequestContext = { requestId: 'r1', traceparent: '', principal, startedAt: performance.now() };
const chunk = (content: string) =>
  Payload.fromJson<ChatCompletionChunk>(
    JSON.stringify({
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    }),
  );

const deployment = (id: string, inputPerMillion: number, outputPerMillion: number): RoutedDeployment => ({
  id,
  modelName: 'm',
  provider: 'openai',
  providerModel: 'gpt-4o',
  weight: 1,
  price: { inputPerMillion, outputPerMillion, maxOutputTokens: 4_096 },
});

/** A post_call guardrail on what the model wrote, over a port that blocks any text holding `leak`. */
const leakGuard = () => guardStage([guardrailEntry('no-leaks', ['post_call'])], rulePort({ block: 'leak' }).guardrails);

function setup(deployments = [deployment('dep', 1_000_000, 4_000_000)], guard = noGuard(), windowChars = 200) {
  const upstream = new Subject<StreamPiece>();
  const settled: { costMicroUsd: number; totalTokens: number }[] = [];
  const reserved: number[] = [];
  const published: {
    cost_micro_usd: number;
    status: string;
    deployment_id?: string;
    usage: { completion_tokens: number };
  }[] = [];
  const admission = {
    admit: (_: unknown, __: string, reservation: () => number) => {
      reserved.push(reservation());
      return Promise.resolve({
        headers: { 'x-ratelimit-remaining-requests': '4' },
        settle: (u: (typeof settled)[0]) => settled.push(u),
      });
    },
  } as unknown as AdmissionService;
  const catalog = new ModelCatalog(deployments, 0);
  const sink: UsageSink = { record: (event) => published.push(event) };
  const invoked: string[] = [];
  const invoker = {
    chatStream: (call: { deploymentId: string }) => {
      invoked.push(call.deploymentId);
      return upstream.asObservable();
    },
  } as unknown as ProviderInvoker;
  const stages: PipelineStages = {
    router: simpleRouter(catalog, new Cooldowns(), () => 0.99),
    resilience: NO_RESILIENCE,
    admission,
    reservations: new ReservationEstimator({
      reservationCeilingMicroUsd: 1_000_000,
      reservationLeaseMs: 60_000,
      onRedisError: { budgets: 'closed', rateLimits: 'open' },
    }),
    guard,
    invoker,
    usage: new UsageRecorder(sink),
  };
  const streams = new StreamPipeline(
    stages,
    new CompletionPipeline(stages),
    createLogger('pipeline-test', 'silent'),
    windowChars,
  );
  return { upstream, settled, reserved, published, invoked, streams };
}

const request: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'tell me a long story' }],
  stream: true,
  max_tokens: 100,
};
const body = Buffer.from(JSON.stringify(request));
const usage = { promptTokens: 10, completionTokens: 2, totalTokens: 12, cachedPromptTokens: 0, reasoningTokens: 0 };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamPipeline', () => {
  it('reserves on the chosen deployment before invoking it, and carries the quota headers on start', async () => {
    const cheap = deployment('cheap', 1_000_000, 1_000_000);
    const dear = deployment('dear', 1_000_000, 50_000_000);
    const { reserved, invoked, streams, upstream } = setup([cheap, dear]);
    const events: StreamEvent[] = [];
    streams.chat(ctx, request, body).subscribe((event) => events.push(event));
    await tick();
    // random() = 0.99 chooses the second deployment: its output price, not a group-wide worst case.
    expect(invoked).toEqual(['dear']);
    expect(reserved[0]).toBeGreaterThanOrEqual(100 * 50);
    // Which deployment serves is told with its first chunk, once no retry can change it.
    expect(events).toEqual([]);
    upstream.next({ chunk: chunk('Once') });
    expect(events[0]).toMatchObject({
      kind: 'start',
      served: { deploymentId: 'dear', attempts: 1, cacheHit: false },
      headers: { 'x-ratelimit-remaining-requests': '4' },
    });
  });

  it('records the usage event before the client hears the end, and only once', async () => {
    const { upstream, published, streams } = setup();
    const recordedAtEnd: number[] = [];
    streams.chat(ctx, request, body).subscribe((event) => {
      if (event.kind === 'end') recordedAtEnd.push(published.length);
    });
    await tick();
    upstream.next({ chunk: chunk('a short story') });
    upstream.next({ usage });
    upstream.complete();
    await tick();
    expect(recordedAtEnd).toEqual([1]);
    expect(published).toHaveLength(1);
    expect(published[0].status).toBe('success');
  });

  it('bills a stream the client abandoned for its prompt and what was streamed, and settles with that cost', async () => {
    const { upstream, settled, published, streams } = setup();
    const subscription = streams.chat(ctx, request, body).subscribe();
    await tick();
    upstream.next({ chunk: chunk('Once upon a time, ') });
    upstream.next({ chunk: chunk('there was a gateway.') });
    subscription.unsubscribe();
    expect(published).toHaveLength(1);
    expect(published[0].status).toBe('client_disconnected');
    expect(published[0].deployment_id).toBe('dep');
    expect(published[0].usage.completion_tokens).toBeGreaterThan(5);
    expect(published[0].cost_micro_usd).toBeGreaterThan(0);
    expect(settled).toEqual([{ costMicroUsd: published[0].cost_micro_usd, totalTokens: expect.any(Number) as number }]);
  });

  it('settles a finished stream with the provider usage, once', async () => {
    const { upstream, settled, streams } = setup();
    streams.chat(ctx, request, body).subscribe();
    await tick();
    upstream.next({ chunk: chunk('hi') });
    upstream.next({ usage });
    upstream.complete();
    expect(settled).toEqual([
      { costMicroUsd: Math.round((10 * 1_000_000 + 2 * 4_000_000) / 1_000_000), totalTokens: 12 },
    ]);
  });

  it('hands chunks on as they came and adds the usage chunk when asked, named like the first', async () => {
    const { upstream, streams } = setup();
    const events: StreamEvent[] = [];
    const first = chunk('hi');
    streams
      .chat(ctx, { ...request, stream_options: { include_usage: true } }, body)
      .subscribe((event) => events.push(event));
    await tick();
    upstream.next({ chunk: first });
    upstream.next({ usage });
    upstream.complete();
    expect(events.map((event) => event.kind)).toEqual(['start', 'data', 'data', 'end']);
    expect(events[1]).toEqual({ kind: 'data', data: first });
    const tail = events[2].kind === 'data' ? events[2].data.object() : undefined;
    expect(tail).toMatchObject({ id: 'c', model: 'm', choices: [], usage: { total_tokens: 12 } });
  });

  it('ends with one error event when the upstream fails, recording the failure', async () => {
    const { upstream, published, streams } = setup();
    const events: StreamEvent[] = [];
    streams.chat(ctx, request, body).subscribe((event) => events.push(event));
    await tick();
    upstream.error(new GatewayFailure('timeout', 'upstream stream stalled'));
    expect(events.at(-1)).toMatchObject({ kind: 'error', failure: { kind: 'timeout' } });
    expect(published[0]).toMatchObject({ status: 'error' });
  });

  it('ends a stream whose text a post_call guardrail blocks with an error instead of its end, billed', async () => {
    const { upstream, published, settled, streams } = setup(undefined, leakGuard());
    const events: StreamEvent[] = [];
    streams.chat(ctx, request, body).subscribe((event) => events.push(event));
    await tick();
    upstream.next({ chunk: chunk('a small leak') });
    upstream.next({ usage });
    upstream.complete();
    await tick();
    // post_call sees the whole answer before the client does: nothing of a blocked one goes out.
    expect(events.map((event) => event.kind)).toEqual(['start', 'error']);
    expect(events[1]).toMatchObject({
      failure: { kind: 'content_policy', message: expect.stringContaining('no-leaks') as string },
    });
    expect(published[0]).toMatchObject({ status: 'error', error_kind: 'content_policy', usage: { total_tokens: 12 } });
    expect(settled[0].costMicroUsd).toBeGreaterThan(0);
  });

  it('ends a stream the guardrail lets through as usual', async () => {
    const { upstream, streams } = setup(undefined, leakGuard());
    const events: StreamEvent[] = [];
    streams.chat(ctx, request, body).subscribe((event) => events.push(event));
    await tick();
    upstream.next({ chunk: chunk('all clear') });
    upstream.next({ usage });
    upstream.complete();
    await tick();
    expect(events.map((event) => event.kind)).toEqual(['start', 'data', 'end']);
  });
});
