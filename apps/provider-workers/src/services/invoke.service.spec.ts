import { GatewayFailure } from '@gatehouse/errors';
import { UpstreamRequest, UpstreamResponse } from '@gatehouse/providers-core';
import { lastValueFrom, toArray } from 'rxjs';
import { DeploymentCatalog, WorkerDeployment } from '../config/deployment-catalog';
import { UpstreamHttpRepository } from '../repositories/upstream-http.repository';
import { AdapterRegistry } from './adapter-registry';
import { InvokeService } from './invoke.service';

const deployment: WorkerDeployment = {
  target: {
    id: 'd1',
    provider: 'openai',
    providerModel: 'gpt-4o',
    apiBase: 'http://up/v1',
    apiKey: 'sk-up',
    params: {},
  },
  timeouts: { requestMs: 1000, idleMs: 1000 },
};
const catalog = {
  get: (id: string) => {
    if (id === 'd1') return deployment;
    throw new GatewayFailure('not_found', `deployment '${id}' is not configured on provider-workers`);
  },
} as unknown as DeploymentCatalog;

interface FakeHttp {
  sent: UpstreamRequest[];
  json?: UpstreamResponse;
  events?: string[];
  streamError?: GatewayFailure;
  openError?: UpstreamResponse;
}

function service(http: FakeHttp): InvokeService {
  const repository = {
    sendJson: (request: UpstreamRequest) => {
      http.sent.push(request);
      return Promise.resolve(http.json!);
    },
    openEventStream: (request: UpstreamRequest) => {
      http.sent.push(request);
      if (http.openError) return Promise.resolve({ ok: false, response: http.openError });
      return Promise.resolve({
        ok: true,
        // eslint-disable-next-line @typescript-eslint/require-await -- an async source, as undici gives
        events: (async function* () {
          for (const event of http.events ?? []) yield event;
          if (http.streamError) throw http.streamError;
        })(),
      });
    },
  } as unknown as UpstreamHttpRepository;
  return new InvokeService(catalog, new AdapterRegistry(), repository);
}

const body = Buffer.from(JSON.stringify({ model: 'alias', messages: [{ role: 'user', content: 'hi' }] }));
const chunk = (content: string) =>
  JSON.stringify({
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });
const usageChunk = JSON.stringify({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o',
  choices: [],
  usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
});

describe('InvokeService', () => {
  it('answers a completion with its usage, having sent the provider model', async () => {
    const http: FakeHttp = {
      sent: [],
      json: {
        status: 200,
        headers: {},
        body: {
          id: 'x',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o',
          choices: [],
          usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
        },
      },
    };
    const answer = await service(http).chat({ deploymentId: 'd1', body });
    expect(answer.result?.usage?.totalTokens).toBe(3);
    expect((JSON.parse(http.sent[0].body) as { model: string }).model).toBe('gpt-4o');
  });

  it('maps an upstream error to an in-band gateway error', async () => {
    const http: FakeHttp = {
      sent: [],
      json: { status: 429, headers: { 'retry-after': '3' }, body: { error: { message: 'slow' } } },
    };
    const answer = await service(http).chat({ deploymentId: 'd1', body });
    expect(answer.error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 3, upstreamStatus: 429 });
  });

  it('answers an unknown deployment and a non-JSON body as errors, not exceptions', async () => {
    const s = service({ sent: [] });
    expect((await s.chat({ deploymentId: 'nope', body })).error?.kind).toBe('not_found');
    expect((await s.chat({ deploymentId: 'd1', body: Buffer.from('{') })).error?.kind).toBe('bad_request');
  });

  it('streams chunks then exactly one usage', async () => {
    const http: FakeHttp = { sent: [], events: [chunk('a'), chunk('b'), usageChunk, '[DONE]'] };
    const events = await lastValueFrom(service(http).chatStream({ deploymentId: 'd1', body }).pipe(toArray()));
    expect(events.map((e) => (e.chunk ? 'chunk' : e.usage ? 'usage' : 'error'))).toEqual(['chunk', 'chunk', 'usage']);
    expect(events[2].usage?.totalTokens).toBe(5);
    expect((JSON.parse(http.sent[0].body) as { stream: boolean }).stream).toBe(true);
  });

  it('ends a stream that stalls with one timeout error after the chunks it had', async () => {
    const http: FakeHttp = {
      sent: [],
      events: [chunk('a')],
      streamError: new GatewayFailure('timeout', 'upstream stream stalled'),
    };
    const events = await lastValueFrom(service(http).chatStream({ deploymentId: 'd1', body }).pipe(toArray()));
    expect(events).toHaveLength(2);
    expect(events[1].error).toMatchObject({ kind: 'timeout', message: 'upstream stream stalled' });
  });

  it('fails a stream that ends without usage rather than billing nothing', async () => {
    const http: FakeHttp = { sent: [], events: [chunk('a'), '[DONE]'] };
    const events = await lastValueFrom(service(http).chatStream({ deploymentId: 'd1', body }).pipe(toArray()));
    expect(events.at(-1)?.error?.kind).toBe('upstream');
  });

  it('maps a stream refused upstream to one error', async () => {
    const http: FakeHttp = { sent: [], openError: { status: 500, headers: {}, body: 'boom' } };
    const events = await lastValueFrom(service(http).chatStream({ deploymentId: 'd1', body }).pipe(toArray()));
    expect(events).toEqual([{ error: expect.objectContaining({ kind: 'upstream', upstreamStatus: 500 }) as unknown }]);
  });
});
