import { describeChatConformance } from '@gatehouse/testing';
import { startFakeGemini, type FakeGemini } from '../../../libs/testing/src/fake-gemini';

const API_KEY = 'fake-gemini-key-0123456789';
let fake: FakeGemini | undefined;

const entry = (name: string, model: string, apiBase: string, extra = '') =>
  `  - model_name: ${name}\n    litellm_params:\n      model: gemini/${model}\n      api_base: ${apiBase}\n      api_key: os.environ/GEMINI_API_KEY\n${extra}`;

describeChatConformance({
  provider: 'gemini',
  startUpstream: async () => (fake = await startFakeGemini({ apiKey: API_KEY })),
  modelList: (url) =>
    [
      entry('chat', 'gemini-2.0-flash', url),
      entry('rate-limited', 'gemini-2.0-flash', `${url}/knobs/status=429,retryAfter=7`),
      entry('server-error', 'gemini-2.0-flash', `${url}/knobs/status=500`),
      entry('context-overflow', 'gemini-2.0-flash', `${url}/knobs/contextOverflow`),
      entry('stalled', 'gemini-2.0-flash', `${url}/knobs/stallAfterChunks=1`, '      stream_timeout: 1\n'),
      entry('embed', 'gemini-embedding-001', url),
    ].join(''),
  supports: { tools: true, images: true, jsonMode: true, embeddings: true },
  env: { GEMINI_API_KEY: API_KEY },
});

describe('gemini upstream requests seen by the fake', () => {
  it('carry the key only in x-goog-api-key, never in the URL, on the v1beta routes', () => {
    const requests = fake?.requests ?? [];
    expect(requests.length).toBeGreaterThan(8);
    for (const request of requests) {
      expect(request.headers['x-goog-api-key']).toBe(API_KEY);
      expect(request.url).not.toContain(API_KEY);
      expect(request.url).not.toMatch(/[?&]key=/);
      expect(request.path).toMatch(
        /^\/v1beta\/models\/gemini-[\w.-]+:(generateContent|streamGenerateContent|batchEmbedContents)$/,
      );
    }
  });

  it('sent the tool result back as a functionResponse named after the call', () => {
    const bodies = (fake?.requests ?? []).map((r) => JSON.stringify(r.body));
    expect(
      bodies.some((b) => b.includes('"functionResponse":{"name":"get_weather","response":{"content":"sunny, 21C"}}')),
    ).toBe(true);
    expect(bodies.some((b) => b.includes('"systemInstruction":{"parts":[{"text":"You are terse."}]}'))).toBe(true);
  });
});
