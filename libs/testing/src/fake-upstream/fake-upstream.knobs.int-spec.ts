import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { startFakeUpstream, type FakeUpstream, type OpenAiErrorBody } from './index';

const API_KEY = 'sk-fake-knob-key';
const BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'knobs' }] };

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function contentChunks(chunks: ChatCompletionChunk[]): string[] {
  return chunks.flatMap((c) => (c.choices[0]?.delta.content ? [c.choices[0].delta.content] : []));
}

async function errorBody(response: Response): Promise<OpenAiErrorBody['error']> {
  return ((await response.json()) as OpenAiErrorBody).error;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

describe('fake upstream: knobs and errors', () => {
  let fake: FakeUpstream;
  let client: OpenAI;
  const clientAt = (baseURL: string, options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI =>
    new OpenAI({ apiKey: API_KEY, baseURL, maxRetries: 0, ...options });
  const failure = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    );
  const post = (path: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...headers },
      body,
    });

  beforeAll(async () => {
    fake = await startFakeUpstream({ apiKey: API_KEY });
    client = clientAt(fake.baseUrl);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  describe('through x-fake-* headers', () => {
    it.each([
      [400, OpenAI.BadRequestError, 'invalid_request_error', null],
      [401, OpenAI.AuthenticationError, 'invalid_request_error', 'invalid_api_key'],
      [429, OpenAI.RateLimitError, 'requests', 'rate_limit_exceeded'],
      [500, OpenAI.InternalServerError, 'server_error', null],
      [503, OpenAI.InternalServerError, 'server_error', null],
    ])('status %i returns OpenAI error JSON', async (status, ErrorClass, type, code) => {
      const error = await failure(
        client.chat.completions.create(BODY, { headers: { 'x-fake-status': String(status) } }),
      );
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, type, code, param: null });
    });

    it('429 carries retry-after, visible on the SDK error', async () => {
      const error = await failure(
        client.chat.completions.create(BODY, { headers: { 'x-fake-status': '429', 'x-fake-retry-after': '7' } }),
      );
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
    });

    it.each([
      ['x-fake-context-overflow', 'context_length_exceeded'],
      ['x-fake-content-filter', 'content_policy_violation'],
    ])('%s answers a 400 %s on messages, as OpenAI does', async (header, code) => {
      const error = await failure(client.chat.completions.create(BODY, { headers: { [header]: 'true' } }));
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ status: 400, code, param: 'messages' });
    });

    it('word-embeddings makes texts that share words similar, and others not', async () => {
      const embed = async (input: string) => {
        const response = await client.embeddings.create(
          { model: 'text-embedding-3-small', input, dimensions: 64, encoding_format: 'float' },
          { headers: { 'x-fake-word-embeddings': 'true' } },
        );
        return response.data[0].embedding;
      };
      const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i], 0);
      const question = await embed('What is the capital of France?');
      expect(Math.hypot(...question)).toBeCloseTo(1, 5);
      expect(cosine(question, await embed('what is the CAPITAL of france'))).toBeCloseTo(1, 5);
      expect(cosine(question, await embed('What is the capital of France today?'))).toBeGreaterThan(0.85);
      expect(cosine(question, await embed('tell me a joke about cats'))).toBeLessThan(0.5);
      expect(question).not.toEqual(
        (
          await client.embeddings.create({
            model: 'text-embedding-3-small',
            input: 'What is the capital of France?',
            dimensions: 64,
            encoding_format: 'float',
          })
        ).data[0].embedding,
      );
    });

    it('latency-ms delays the response', async () => {
      const { ms } = await timed(() =>
        client.chat.completions.create(BODY, { headers: { 'x-fake-latency-ms': '150' } }),
      );
      expect(ms).toBeGreaterThanOrEqual(145);
    });

    it('chunks and chunk-delay-ms shape the stream', async () => {
      const { value: chunks, ms } = await timed(async () =>
        collect(
          await client.chat.completions.create(
            { ...BODY, stream: true },
            { headers: { 'x-fake-chunks': '3', 'x-fake-chunk-delay-ms': '40' } },
          ),
        ),
      );
      expect(contentChunks(chunks)).toHaveLength(3);
      expect(contentChunks(chunks).join('')).toBe('Echo: knobs');
      // role, 3 content, finish, [DONE]: five gaps
      expect(ms).toBeGreaterThanOrEqual(195);
    });

    it('content and token knobs override the reply and usage', async () => {
      const completion = await client.chat.completions.create(BODY, {
        headers: {
          'x-fake-content': 'Fixed reply',
          'x-fake-prompt-tokens': '11',
          'x-fake-completion-tokens': '22',
          'x-fake-cached-tokens': '5',
          'x-fake-reasoning-tokens': '3',
        },
      });
      expect(completion.choices[0].message.content).toBe('Fixed reply');
      expect(completion.usage).toMatchObject({
        prompt_tokens: 11,
        completion_tokens: 22,
        total_tokens: 33,
        prompt_tokens_details: { cached_tokens: 5 },
        completion_tokens_details: { reasoning_tokens: 3 },
      });
    });

    it('rejects an unknown or malformed knob loudly instead of ignoring it', async () => {
      const unknown = await failure(client.chat.completions.create(BODY, { headers: { 'x-fake-latncy-ms': '5' } }));
      expect(unknown).toMatchObject({ status: 400, param: 'latncyMs' });
      const malformed = await failure(client.chat.completions.create(BODY, { headers: { 'x-fake-status': '200' } }));
      expect(malformed).toMatchObject({ status: 400 });
    });
  });

  describe('through the /knobs/ path prefix', () => {
    it('applies knobs from the base URL and strips the prefix from the logged path', async () => {
      const error = await failure(clientAt(`${fake.url}/knobs/status=503/v1`).chat.completions.create(BODY));
      expect(error).toMatchObject({ status: 503, type: 'server_error' });
      expect(fake.requests[0]).toMatchObject({
        path: '/v1/chat/completions',
        url: '/knobs/status=503/v1/chat/completions',
      });
    });

    it('takes several camelCase or kebab-case knobs with percent-encoded values', async () => {
      const prefixed = clientAt(`${fake.url}/knobs/latencyMs=120,chunks=2,content=Hi%2C%20there,prompt-tokens=7/v1`);
      const { value: chunks, ms } = await timed(async () =>
        collect(
          await prefixed.chat.completions.create({ ...BODY, stream: true, stream_options: { include_usage: true } }),
        ),
      );
      expect(ms).toBeGreaterThanOrEqual(115);
      expect(contentChunks(chunks)).toEqual(['Hi, ', 'there']);
      expect(chunks.at(-1)?.usage?.prompt_tokens).toBe(7);
    });

    it('lets a header override the path, and the path override server defaults', async () => {
      const withDefaults = await startFakeUpstream({ defaults: { content: 'from defaults' } });
      try {
        const prefixed = clientAt(`${withDefaults.url}/knobs/content=from%20path/v1`);
        const fromPath = await prefixed.chat.completions.create(BODY);
        expect(fromPath.choices[0].message.content).toBe('from path');
        const fromHeader = await prefixed.chat.completions.create(BODY, {
          headers: { 'x-fake-content': 'from header' },
        });
        expect(fromHeader.choices[0].message.content).toBe('from header');
        const plain = await clientAt(withDefaults.baseUrl).chat.completions.create(BODY);
        expect(plain.choices[0].message.content).toBe('from defaults');
      } finally {
        await withDefaults.close();
      }
    });
  });

  describe('validation like the real API', () => {
    it('401s without an Authorization header, in OpenAI error shape', async () => {
      const response = await fetch(`${fake.baseUrl}/models`);
      expect(response.status).toBe(401);
      const error = await errorBody(response);
      expect(error).toMatchObject({ type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
      expect(error.message).toContain("didn't provide an API key");
    });

    it('401s a wrong key through the SDK', async () => {
      const error = await failure(clientAt(fake.baseUrl, { apiKey: 'sk-wrong-key-1234' }).models.list());
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(error).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error' });
    });

    it.each<[string, Record<string, unknown>, string, string | null]>([
      ['missing messages', { model: 'm' }, 'messages', 'missing_required_parameter'],
      ['missing model', { messages: [{ role: 'user', content: 'x' }] }, 'model', 'missing_required_parameter'],
      ['empty messages', { model: 'm', messages: [] }, 'messages', 'empty_array'],
      [
        'unknown role',
        { model: 'm', messages: [{ role: 'human', content: 'x' }] },
        'messages[0].role',
        'invalid_value',
      ],
      [
        'tool reply without a tool call',
        {
          model: 'm',
          messages: [
            { role: 'user', content: 'x' },
            { role: 'tool', tool_call_id: 'c1', content: 'r' },
          ],
        },
        'messages.[1].role',
        null,
      ],
      [
        'object tool arguments',
        {
          model: 'm',
          messages: [
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: { a: 1 } } }],
            },
            { role: 'tool', tool_call_id: 'c1', content: 'r' },
          ],
        },
        'messages[0].tool_calls[0].function.arguments',
        'invalid_type',
      ],
      [
        'unanswered tool call',
        {
          model: 'm',
          messages: [
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
            },
            { role: 'user', content: 'x' },
          ],
        },
        'messages.[0].role',
        null,
      ],
      ['stream_options without stream', { ...BODY, stream_options: { include_usage: true } }, 'stream_options', null],
      ['n below 1', { ...BODY, n: 0 }, 'n', 'integer_below_minimum'],
      [
        'dotted tool name',
        { ...BODY, tools: [{ type: 'function', function: { name: 'a.b' } }] },
        'tools[0].function.name',
        'invalid_value',
      ],
    ])('400s %s', async (_, body, param, code) => {
      const error = await failure(
        client.chat.completions.create(body as unknown as ChatCompletionCreateParamsNonStreaming),
      );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ type: 'invalid_request_error', param, code });
    });

    it('400s a non-JSON content type and an unparseable body', async () => {
      const wrongType = await post('/v1/chat/completions', JSON.stringify(BODY), { 'content-type': 'text/plain' });
      expect(wrongType.status).toBe(400);
      expect((await errorBody(wrongType)).message).toContain("'text/plain'");
      const broken = await post('/v1/chat/completions', '{"model":');
      expect(broken.status).toBe(400);
      expect((await errorBody(broken)).message).toContain('could not parse the JSON body');
      expect(fake.requests.at(-1)?.body).toBe('{"model":');
    });

    it('404s an unknown path in OpenAI error shape', async () => {
      const response = await post('/v1/nope', '{}');
      expect(response.status).toBe(404);
      expect(await errorBody(response)).toEqual({
        message: 'Invalid URL (POST /v1/nope)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    });
  });

  describe('never-ending upstreams', () => {
    it('timeout never answers, so only the client-side timeout ends the request', async () => {
      const { value: error, ms } = await timed(() =>
        failure(client.chat.completions.create(BODY, { headers: { 'x-fake-timeout': 'true' }, timeout: 200 })),
      );
      // Under Jest the abort reason crosses VM realms and the SDK loses its AbortError name, so it reports a
      // plain connection error rather than APIConnectionTimeoutError; the elapsed time shows it was the timeout.
      expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
      expect(ms).toBeGreaterThanOrEqual(195);
      expect(fake.requests).toHaveLength(1);
    });

    it('hang-ms drops the connection without a response', async () => {
      const { value: error, ms } = await timed(() =>
        failure(client.chat.completions.create(BODY, { headers: { 'x-fake-hang-ms': '60' } })),
      );
      expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
      expect(error).not.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
      expect(ms).toBeGreaterThanOrEqual(55);
    });

    it('stall-after-chunks stops mid-stream, and close() still returns promptly', async () => {
      const stalling = await startFakeUpstream({ defaults: { stallAfterChunks: 2 } });
      const stream = await clientAt(stalling.baseUrl).chat.completions.create({ ...BODY, stream: true });
      const iterator = stream[Symbol.asyncIterator]();
      const received = [await iterator.next(), await iterator.next(), await iterator.next()];
      expect(received.map((r) => r.done)).toEqual([false, false, false]);
      const next = iterator.next().then(
        () => 'ended',
        () => 'failed',
      );
      const early = await Promise.race([next, new Promise((resolve) => setTimeout(resolve, 150, 'stalled'))]);
      expect(early).toBe('stalled');

      const { ms } = await timed(() => stalling.close());
      expect(ms).toBeLessThan(1000);
      expect(await next).toBe('failed');
    });
  });

  it('keeps a bounded request log', async () => {
    const small = await startFakeUpstream({ maxLoggedRequests: 2 });
    try {
      for (const content of ['one', 'two', 'three']) {
        await clientAt(small.baseUrl).chat.completions.create({ model: 'm', messages: [{ role: 'user', content }] });
      }
      expect(small.requests.map((r) => (r.body as typeof BODY).messages[0].content)).toEqual(['two', 'three']);
      small.clearRequests();
      expect(small.requests).toHaveLength(0);
    } finally {
      await small.close();
    }
  });
});
