import OpenAI from 'openai';
import { startTestGateway, TestGateway } from '../gateway';
import { ConformanceOptions } from './conformance-options';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

const WEATHER_TOOL: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const FORCE_WEATHER = { type: 'function' as const, function: { name: 'get_weather' } };
// A 1×1 transparent PNG.
const PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

async function drain(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/**
 * The same scenarios for every provider, through the whole gateway, with the official openai SDK
 * as the client: a provider passes when an OpenAI application cannot tell it from OpenAI.
 */
export function describeChatConformance(options: ConformanceOptions): void {
  describe(`${options.provider} behind the gateway, through the openai SDK`, () => {
    let gw: TestGateway;
    let upstream: { url: string; close(): Promise<void> };
    let client: OpenAI;

    beforeAll(async () => {
      upstream = await options.startUpstream();
      gw = await startTestGateway({
        config: () => `model_list:\n${options.modelList(upstream.url)}`,
        env: options.env,
      });
      client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
    });

    afterAll(async () => {
      await gw?.stop();
      await upstream?.close();
    });

    it('answers a multi-turn chat with a system message', async () => {
      const messages: Message[] = [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'first answer' },
        { role: 'user', content: 'second question' },
      ];
      const completion = await client.chat.completions.create({ model: 'chat', messages, max_tokens: 50 });
      expect(completion.object).toBe('chat.completion');
      expect(completion.choices[0].message).toMatchObject({ role: 'assistant', content: 'Echo: second question' });
      expect(completion.choices[0].finish_reason).toBe('stop');
      expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
      expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    });

    it('streams the same answer as chunks, ending with usage', async () => {
      const chunks = await drain(
        await client.chat.completions.create({
          model: 'chat',
          messages: [{ role: 'user', content: 'stream me' }],
          stream: true,
          stream_options: { include_usage: true },
        }),
      );
      const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
      expect(text).toBe('Echo: stream me');
      expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
      expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
    });

    if (options.supports.tools)
      it('round-trips a tool call', async () => {
        const ask: Message[] = [{ role: 'user', content: 'weather in Paris?' }];
        const first = await client.chat.completions.create({
          model: 'chat',
          messages: ask,
          tools: [WEATHER_TOOL],
          tool_choice: FORCE_WEATHER,
        });
        const call = first.choices[0].message.tool_calls?.[0];
        expect(first.choices[0].finish_reason).toBe('tool_calls');
        expect(call?.type).toBe('function');
        if (call?.type !== 'function') return;
        expect(call.function.name).toBe('get_weather');
        expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
        const second = await client.chat.completions.create({
          model: 'chat',
          tools: [WEATHER_TOOL],
          messages: [...ask, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 21C' }],
        });
        expect(second.choices[0].message.content).toBe('Tool said: sunny, 21C');
      });

    if (options.supports.tools)
      it('streams a tool call as deltas that reassemble', async () => {
        const chunks = await drain(
          await client.chat.completions.create({
            model: 'chat',
            messages: [{ role: 'user', content: 'weather in Paris?' }],
            tools: [WEATHER_TOOL],
            tool_choice: FORCE_WEATHER,
            stream: true,
          }),
        );
        const deltas = chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
        expect(deltas[0]?.id).toBeTruthy();
        expect(deltas[0]?.function?.name).toBe('get_weather');
        expect(JSON.parse(deltas.map((d) => d.function?.arguments ?? '').join(''))).toEqual({ city: 'Paris' });
        expect(chunks.some((c) => c.choices[0]?.finish_reason === 'tool_calls')).toBe(true);
      });

    if (options.supports.images)
      it('passes an image content part', async () => {
        const completion = await client.chat.completions.create({
          model: 'chat',
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'what is this?' },
                { type: 'image_url', image_url: { url: PNG_DATA_URL } },
              ],
            },
          ],
        });
        expect(completion.choices[0].message.content).toBe('Echo: what is this? [image]');
      });

    if (options.supports.jsonMode)
      it('answers in JSON mode with valid JSON', async () => {
        const completion = await client.chat.completions.create({
          model: 'chat',
          messages: [{ role: 'user', content: 'reply in json' }],
          response_format: { type: 'json_object' },
        });
        expect(JSON.parse(completion.choices[0].message.content ?? '')).toEqual({ echo: 'reply in json' });
      });

    if (options.supports.embeddings)
      it('creates embeddings', async () => {
        const result = await client.embeddings.create({ model: 'embed', input: ['alpha', 'beta'] });
        expect(result.data.map((d) => d.index)).toEqual([0, 1]);
        expect(result.data[0].embedding.length).toBeGreaterThan(0);
        expect(result.usage.prompt_tokens).toBeGreaterThan(0);
      });

    it('maps upstream errors to OpenAI statuses', async () => {
      const ask = (model: string) =>
        client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] });
      const limited = await ask('rate-limited').catch((e: unknown) => e);
      expect(limited).toMatchObject({ status: 429 });
      const retryAfter = options.rateLimitRetryAfter === undefined ? 7 : options.rateLimitRetryAfter;
      const header = (limited as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after') ?? null;
      expect(header).toBe(retryAfter === null ? null : String(retryAfter));
      await expect(ask('server-error')).rejects.toMatchObject({ status: 502 });
      await expect(ask('context-overflow')).rejects.toMatchObject({ status: 400, code: 'context_length_exceeded' });
    });

    it('ends a stalled stream with an error instead of hanging', async () => {
      const stream = await client.chat.completions.create({
        model: 'stalled',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      await expect(drain(stream)).rejects.toThrow();
    });
  });
}
