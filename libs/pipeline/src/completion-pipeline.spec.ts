import { makePrincipal } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { ModelCatalog } from './catalog/model-catalog';
import { CompletionPipeline, PipelineStages } from './completion-pipeline';
import { ProviderInvoker } from './ports/provider-invoker';
import { UsageSink } from './ports/usage-sink';
import { AdmissionService } from './stages/admission';
import { noGuard } from './stages/guard.fixture';
import { ReservationEstimator } from './stages/reservation-estimator';
import { simpleRouter } from './stages/route.fixture';
import { UsageRecorder } from './stages/usage-recorder';
import { NO_RESILIENCE } from './resilience/no-resilience.fixture';

const price = { inputPerMillion: 1_000_000, outputPerMillion: 1_000_000, maxOutputTokens: 100 };
const catalog = new ModelCatalog(
  [{ id: 'prod-openai', modelName: 'm', provider: 'openai', providerModel: 'gpt-4o', weight: 1, price }],
  0,
);
const ctx = { requestId: 'r1', traceparent: '', principal: makePrincipal({ kind: 'master' }), startedAt: 0 };
const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

function pipelineFailingWith(failure: GatewayFailure) {
  const published: { status: string; error_kind?: string }[] = [];
  const sink: UsageSink = { record: (event) => published.push(event) };
  const admission = { admit: () => Promise.resolve({ headers: {}, settle: () => undefined }) };
  const stages: PipelineStages = {
    router: simpleRouter(catalog),
    resilience: NO_RESILIENCE,
    admission: admission as unknown as AdmissionService,
    reservations: new ReservationEstimator({
      reservationCeilingMicroUsd: 1_000_000,
      reservationLeaseMs: 60_000,
      onRedisError: { budgets: 'closed', rateLimits: 'open' },
    }),
    guard: noGuard(),
    invoker: { chat: () => Promise.reject(failure) } as unknown as ProviderInvoker,
    usage: new UsageRecorder(sink),
  };
  return { published, pipeline: new CompletionPipeline(stages) };
}

describe('CompletionPipeline failures', () => {
  it("answers a provider refusing the gateway's key with a 502 naming the deployment, not the caller's 401", async () => {
    const { published, pipeline } = pipelineFailingWith(
      new GatewayFailure('authentication', 'Incorrect API key provided', { upstreamStatus: 401 }),
    );
    const failure = await pipeline.chat(ctx, request, Buffer.from('{}')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayFailure);
    expect(failure).toMatchObject({ kind: 'upstream', details: { upstreamStatus: 401 } });
    expect((failure as GatewayFailure).status).toBe(502);
    expect((failure as Error).message).toContain("deployment 'prod-openai' (openai)");
    expect(published).toMatchObject([{ status: 'error', error_kind: 'upstream' }]);
  });

  it('passes every other failure through as it is', async () => {
    const limited = new GatewayFailure('rate_limited', 'slow down', { retryAfterSeconds: 3 });
    const { pipeline } = pipelineFailingWith(limited);
    await expect(pipeline.chat(ctx, request, Buffer.from('{}'))).rejects.toBe(limited);
  });

  it('lets only the master key or an admin key pin a deployment', async () => {
    const { pipeline } = pipelineFailingWith(new GatewayFailure('upstream', 'unused'));
    const tenant = { ...ctx, principal: makePrincipal({ kind: 'virtual_key' }), pinnedDeployment: 'prod-openai' };
    await expect(pipeline.chat(tenant, request, Buffer.from('{}'))).rejects.toMatchObject({
      kind: 'permission_denied',
      details: { param: 'x-gatehouse-deployment' },
    });
  });
});
