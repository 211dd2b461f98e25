import { GatewayFailure } from '@gatehouse/errors';
import {
  DeploymentTarget,
  HttpProviderClient,
  HttpTransport,
  StreamStep,
  UpstreamRequest,
  UpstreamResponse,
} from '@gatehouse/providers-core';
import { openAiAdapter } from './openai.adapter';

const target: DeploymentTarget = {
  id: 'd1',
  provider: 'openai',
  providerModel: 'gpt-4o',
  apiBase: 'http://up/v1',
  apiKey: 'sk-up',
  dropParams: false,
  timeouts: { requestMs: 1000, idleMs: 1000 },
  params: {},
};

interface Script {
  sent: UpstreamRequest[];
  json?: UpstreamResponse;
  events?: string[];
  streamError?: GatewayFailure;
  openError?: UpstreamResponse;
}

function client(script: Script): HttpProviderClient {
  const transport: HttpTransport = {
    sendJson: (request) => {
      script.sent.push(request);
      return Promise.resolve(script.json!);
    },
    openEventStream: (request) => {
      script.sent.push(request);
      if (script.openError) return Promise.resolve({ ok: false, response: script.openError });
      const events = (async function* () {
        await Promise.resolve();
        for (const event of script.events ?? []) yield event;
        if (script.streamError) throw script.streamError;
      })();
      return Promise.resolve({ ok: true, events });
    },
  };
  return new HttpProviderClient(openAiAdapter, transport);
}

const request = { model: 'alias', messages: [{ role: 'user' as const, content: 'hi' }] };
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

async function collect(steps: AsyncIterable<StreamStep>): Promise<StreamStep[]> {
  const out: StreamStep[] = [];
  for await (const step of steps) out.push(step);
  return out;
}

describe('OpenAI over HttpProviderClient', () => {
  it('sends a non-streaming request with the provider model and returns usage', async () => {
    const script: Script = {
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
    const result = await client(script).chat({ ...request, stream: true }, target);
    expect(result.usage.totalTokens).toBe(3);
    const sent = JSON.parse(script.sent[0].body) as { model: string; stream: boolean };
    expect(sent).toMatchObject({ model: 'gpt-4o', stream: false });
  });

  it("sends the deployment's extra_headers with every call, over the adapter's own", async () => {
    const body = { id: 'x', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [], usage: {} };
    const script: Script = { sent: [], json: { status: 200, headers: {}, body } };
    const extra = { 'x-tenant': 'blue', accept: 'application/x-custom' };
    await client(script).chat(request, { ...target, params: { extra_headers: extra } });
    expect(script.sent[0].headers).toMatchObject({ 'x-tenant': 'blue', accept: 'application/x-custom' });
    expect(script.sent[0].headers.authorization).toBe('Bearer sk-up');
  });

  it('throws the mapped failure for an upstream error', async () => {
    const script: Script = {
      sent: [],
      json: { status: 429, headers: { 'retry-after': '3' }, body: { error: { message: 'slow' } } },
    };
    await expect(client(script).chat(request, target)).rejects.toMatchObject({
      kind: 'rate_limited',
      details: { retryAfterSeconds: 3 },
    });
  });

  it('streams content steps, then the usage step, and stops at [DONE]', async () => {
    const script: Script = { sent: [], events: [chunk('a'), chunk('b'), usageChunk, '[DONE]', chunk('ignored')] };
    const steps = await collect(client(script).chatStream(request, target));
    expect(steps.map((s) => s.chunks.length)).toEqual([1, 1, 0, 0]);
    expect(steps[2].usage?.totalTokens).toBe(5);
    expect((JSON.parse(script.sent[0].body) as { stream_options: unknown }).stream_options).toEqual({
      include_usage: true,
    });
  });

  it('passes a mid-stream transport failure on after the chunks it had', async () => {
    const script: Script = {
      sent: [],
      events: [chunk('a')],
      streamError: new GatewayFailure('timeout', 'upstream stream stalled'),
    };
    const seen: StreamStep[] = [];
    await expect(
      (async () => {
        for await (const step of client(script).chatStream(request, target)) seen.push(step);
      })(),
    ).rejects.toMatchObject({ kind: 'timeout' });
    expect(seen).toHaveLength(1);
  });

  it('maps a stream refused upstream', async () => {
    const script: Script = { sent: [], openError: { status: 500, headers: {}, body: 'boom' } };
    await expect(collect(client(script).chatStream(request, target))).rejects.toMatchObject({ kind: 'upstream' });
  });
});
