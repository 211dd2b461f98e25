import { makePrincipal, Topics, UsageEventV1, validateEvent } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { RoutedDeployment } from '../catalog/model-catalog';
import { UsageSink } from '../ports/usage-sink';
import { RequestContext } from '../request-context';
import { UsageRecorder } from './usage-recorder';

const deployment: RoutedDeployment = {
  id: 'dep-1',
  modelName: 'gpt-4o',
  provider: 'openai',
  providerModel: 'gpt-4o',
  weight: 1,
  price: { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000, maxOutputTokens: 100 },
};

function recorder() {
  const published: { event: UsageEventV1 }[] = [];
  const sink: UsageSink = { record: (event) => published.push({ event }) };
  return { published, recorder: new UsageRecorder(sink) };
}

const ctx: RequestContext = {
  requestId: 'req-42',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  principal: makePrincipal({ kind: 'master', subject: 'abc', keyAlias: 'master', admin: true }),
  startedAt: performance.now() - 12,
};

const served = { deploymentId: 'dep-1', provider: 'openai', providerModel: 'gpt-4o', attempts: 1, cacheHit: false };
const usage = { promptTokens: 10, completionTokens: 20, totalTokens: 30, cachedPromptTokens: 0, reasoningTokens: 0 };

describe('UsageRecorder', () => {
  it('publishes a usage.v1 event that passes its own schema, keyed by request id', () => {
    const { published, recorder: r } = recorder();
    r.record(ctx, { route: 'chat.completions', model: 'gpt-4o', stream: false, served, deployment, usage });
    expect(published).toHaveLength(1);
    const [{ event }] = published;
    expect(event.request_id).toBe('req-42');
    expect(event.traceparent).toBe(ctx.traceparent);
    const check = validateEvent(Topics.UsageV1, event);
    expect(check).toMatchObject({ ok: true });
    expect(event).toMatchObject({ status: 'success', http_status: 200, cost_micro_usd: 50, deployment_id: 'dep-1' });
    expect((event as { latency_ms: number }).latency_ms).toBeGreaterThanOrEqual(12);
  });

  it('records a failure with its status and kind, and no cost', () => {
    const { published, recorder: r } = recorder();
    r.record(ctx, {
      route: 'chat.completions',
      model: 'x',
      stream: false,
      failure: new GatewayFailure('not_found', 'no'),
    });
    const event = published[0].event;
    expect(validateEvent(Topics.UsageV1, event).ok).toBe(true);
    expect(event).toMatchObject({
      status: 'error',
      http_status: 404,
      error_kind: 'not_found',
      cost_micro_usd: 0,
      attempts: 0,
    });
  });

  it('records an abandoned stream as client_disconnected, still billing what was used', () => {
    const { published, recorder: r } = recorder();
    r.record(ctx, {
      route: 'chat.completions',
      model: 'gpt-4o',
      stream: true,
      served,
      deployment,
      usage,
      disconnected: true,
    });
    expect(published[0].event).toMatchObject({ status: 'client_disconnected', http_status: 499, cost_micro_usd: 50 });
  });

  it('prices the deployment as routed, and lists the tries that failed before the answer', () => {
    const { published, recorder: r } = recorder();
    const wildcard = { ...deployment, id: 'any', price: { ...deployment.price, inputPerMillion: 3_000_000 } };
    r.record(ctx, {
      route: 'chat.completions',
      model: 'gpt-4o',
      stream: false,
      served: { ...served, deploymentId: 'any', attempts: 2 },
      deployment: wildcard,
      usage,
      failedAttempts: [{ deploymentId: 'dep-1', model: 'gpt-4o', errorKind: 'timeout', latencyMs: 1.23456 }],
    });
    const event = published[0].event;
    expect(validateEvent(Topics.UsageV1, event).ok).toBe(true);
    expect(event).toMatchObject({
      cost_micro_usd: 70,
      attempts: 2,
      failed_attempts: [{ deployment_id: 'dep-1', model: 'gpt-4o', error_kind: 'timeout', latency_ms: 1.235 }],
    });
  });

  it("carries each guardrail's stage, outcome, detector, detail and latency, and leaves them out when none ran", () => {
    const { published, recorder: r } = recorder();
    const guardrails = [
      {
        name: 'pii',
        stage: 'pre_call' as const,
        outcome: 'masked',
        type: 'email',
        detail: 'masked 1 email',
        latencyMs: 0.12345,
      },
      { name: 'bedrock', stage: 'during_call' as const, outcome: 'failed_open', detail: 'timed out', latencyMs: 2000 },
    ];
    r.record(ctx, { route: 'chat.completions', model: 'gpt-4o', stream: false, served, deployment, usage, guardrails });
    r.record(ctx, {
      route: 'chat.completions',
      model: 'gpt-4o',
      stream: false,
      served,
      deployment,
      usage,
      guardrails: [],
    });
    const [guarded, plain] = published.map(({ event }) => event);
    expect(validateEvent(Topics.UsageV1, guarded).ok).toBe(true);
    expect(guarded.guardrails).toEqual([
      { name: 'pii', stage: 'pre_call', outcome: 'masked', type: 'email', detail: 'masked 1 email', latency_ms: 0.123 },
      {
        name: 'bedrock',
        stage: 'during_call',
        outcome: 'failed_open',
        type: undefined,
        detail: 'timed out',
        latency_ms: 2000,
      },
    ]);
    expect(plain.guardrails).toBeUndefined();
  });
});
