import {
  DeploymentTarget,
  HttpProviderClient,
  HttpTransport,
  StreamStep,
  UpstreamRequest,
  UpstreamResponse,
} from '@gatehouse/providers-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anthropicAdapter } from './anthropic.adapter';
import text from './fixtures/message-text.json';

const target: DeploymentTarget = {
  id: 'd1',
  provider: 'anthropic',
  providerModel: 'claude-sonnet-4-5-20250929',
  apiBase: 'http://up',
  apiKey: 'sk-ant',
  dropParams: false,
  timeouts: { requestMs: 1000, idleMs: 1000 },
  params: {},
};

const sse = (fixture: string) =>
  readFileSync(join(__dirname, 'fixtures', fixture), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim());

interface Script {
  sent: UpstreamRequest[];
  json?: UpstreamResponse;
  events?: string[];
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
        yield* script.events ?? [];
      })();
      return Promise.resolve({ ok: true, events });
    },
  };
  return new HttpProviderClient(anthropicAdapter, transport);
}

const request = { model: 'alias', messages: [{ role: 'user' as const, content: 'hi' }] };

async function collect(steps: AsyncIterable<StreamStep>): Promise<StreamStep[]> {
  const out: StreamStep[] = [];
  for await (const step of steps) out.push(step);
  return out;
}

describe('Anthropic over HttpProviderClient', () => {
  it('sends a non-streaming request and returns the completion with usage', async () => {
    const script: Script = { sent: [], json: { status: 200, headers: {}, body: text } };
    const result = await client(script).chat({ ...request, stream: true }, target);
    expect(result.completion.choices[0].message.content).toBe('Hi! My name is Claude.');
    expect(result.usage.totalTokens).toBe(2169);
    expect(script.sent[0].url).toBe('http://up/v1/messages');
    expect(JSON.parse(script.sent[0].body)).not.toHaveProperty('stream');
  });

  it('streams until message_stop and reports usage on the last steps', async () => {
    const script: Script = { sent: [], events: [...sse('stream-text.sse'), '{"type":"message_start"}'] };
    const steps = await collect(client(script).chatStream(request, target));
    expect(steps.at(-1)).toMatchObject({ done: true, usage: { totalTokens: 50 } });
    expect(steps).toHaveLength(sse('stream-text.sse').length);
    expect(JSON.parse(script.sent[0].body)).toMatchObject({ stream: true });
  });

  it('passes an error event on after the chunks it had', async () => {
    const script: Script = { sent: [], events: sse('stream-overloaded.sse') };
    const seen: StreamStep[] = [];
    await expect(
      (async () => {
        for await (const step of client(script).chatStream(request, target)) seen.push(step);
      })(),
    ).rejects.toMatchObject({ kind: 'unavailable' });
    expect(seen.flatMap((s) => s.chunks).map((c) => c.choices[0].delta.content)).toEqual(['', 'Partial']);
  });

  it('maps a stream refused upstream, retry-after included', async () => {
    const script: Script = {
      sent: [],
      openError: {
        status: 429,
        headers: { 'retry-after': '7' },
        body: { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } },
      },
    };
    await expect(collect(client(script).chatStream(request, target))).rejects.toMatchObject({
      kind: 'rate_limited',
      details: { retryAfterSeconds: 7 },
    });
  });

  it('refuses embeddings before any I/O', async () => {
    const script: Script = { sent: [] };
    await expect(client(script).embed({ model: 'm', input: 'x' }, target)).rejects.toMatchObject({
      kind: 'bad_request',
    });
    expect(script.sent).toEqual([]);
  });
});
