import { GatewayFailure } from '@gatehouse/errors';
import { DeploymentTarget, ProviderClient, StreamStep } from '@gatehouse/providers-core';
import { lastValueFrom, toArray } from 'rxjs';
import { DeploymentCatalog } from '../config/deployment-catalog';
import { InvokeService } from '../services/invoke.service';
import { ProviderRegistry } from '../services/provider-registry';
import { ProviderWorkersController } from './provider-workers.controller';

const target = { id: 'd1', provider: 'openai' } as DeploymentTarget;
const catalog = {
  get: (id: string) => {
    if (id === 'd1') return target;
    throw new GatewayFailure('not_found', `deployment '${id}' is not configured on provider-workers`);
  },
} as unknown as DeploymentCatalog;

const usage = { promptTokens: 2, completionTokens: 3, totalTokens: 5, cachedPromptTokens: 0, reasoningTokens: 0 };
const chunk = { id: 'c', object: 'chat.completion.chunk' as const, created: 1, model: 'm', choices: [] };

/** The gRPC face of provider-workers over the in-process invoker, as the service runs it. */
function service(client: Partial<ProviderClient>): ProviderWorkersController {
  const registry = { get: () => client } as unknown as ProviderRegistry;
  return new ProviderWorkersController(new InvokeService(catalog, registry));
}
const context = { requestId: 'r', traceparent: '' };

function streamOf(steps: StreamStep[], failure?: GatewayFailure): ProviderClient['chatStream'] {
  return async function* () {
    await Promise.resolve();
    yield* steps;
    if (failure) throw failure;
  };
}

const body = Buffer.from(JSON.stringify({ model: 'alias', messages: [{ role: 'user', content: 'hi' }] }));
const kinds = (events: { chunk?: unknown; usage?: unknown; error?: unknown }[]) =>
  events.map((e) => (e.chunk ? 'chunk' : e.usage ? 'usage' : 'error'));

describe('provider-workers over gRPC', () => {
  it('answers a completion as JSON bytes with its usage', async () => {
    const completion = { id: 'x', object: 'chat.completion' as const, created: 1, model: 'm', choices: [] };
    const answer = await service({ chat: () => Promise.resolve({ completion, usage }) }).invoke({
      context,
      deploymentId: 'd1',
      body,
    });
    expect(JSON.parse(answer.result!.body.toString())).toEqual(completion);
    expect(answer.result?.usage).toEqual(usage);
  });

  it('answers failures in-band, never by throwing', async () => {
    const failing = service({
      chat: () => Promise.reject(new GatewayFailure('rate_limited', 'slow', { retryAfterSeconds: 3 })),
    });
    expect((await failing.invoke({ context, deploymentId: 'd1', body })).error).toMatchObject({
      kind: 'rate_limited',
      retryAfterSeconds: 3,
    });
    expect((await failing.invoke({ context, deploymentId: 'nope', body })).error?.kind).toBe('not_found');
    expect((await failing.invoke({ context, deploymentId: 'd1', body: Buffer.from('{') })).error?.kind).toBe(
      'bad_request',
    );
    const crashing = service({ chat: () => Promise.reject(new Error('secret detail')) });
    expect((await crashing.invoke({ context, deploymentId: 'd1', body })).error).toMatchObject({
      kind: 'internal',
      message: 'internal error',
    });
  });

  it('streams chunks then exactly one usage, the last one reported', async () => {
    const steps = [
      { chunks: [chunk] },
      { chunks: [chunk], usage: { ...usage, totalTokens: 1 } },
      { chunks: [], usage },
    ];
    const events = await lastValueFrom(
      service({ chatStream: streamOf(steps) })
        .invokeStream({ context, deploymentId: 'd1', body })
        .pipe(toArray()),
    );
    expect(kinds(events)).toEqual(['chunk', 'chunk', 'usage']);
    expect(events[2].usage).toEqual(usage);
  });

  it('ends a stream that fails midway with one error after the chunks it had', async () => {
    const failure = new GatewayFailure('timeout', 'upstream stream stalled');
    const events = await lastValueFrom(
      service({ chatStream: streamOf([{ chunks: [chunk] }], failure) })
        .invokeStream({ context, deploymentId: 'd1', body })
        .pipe(toArray()),
    );
    expect(kinds(events)).toEqual(['chunk', 'error']);
    expect(events[1].error).toMatchObject({ kind: 'timeout', message: 'upstream stream stalled' });
  });

  it('fails a stream that ends without usage rather than billing nothing', async () => {
    const events = await lastValueFrom(
      service({ chatStream: streamOf([{ chunks: [chunk] }]) })
        .invokeStream({ context, deploymentId: 'd1', body })
        .pipe(toArray()),
    );
    expect(events.at(-1)?.error?.kind).toBe('upstream');
  });
});
