import { exampleTarget } from '@gatehouse/providers-core';
import { DeploymentTarget, HttpProviderClient, HttpTransport, UpstreamRequest } from '@gatehouse/providers-core';
import { geminiAdapter } from './gemini.adapter';
import { withGeminiEmbeddingUsage } from './gemini.client';
import { thrownBy } from './gemini.spec-helpers';

const SECRET = 'AIza-secret-key';
const target: DeploymentTarget = {
  id: 'd1',
  provider: 'gemini',
  providerModel: 'gemini-2.0-flash',
  apiBase: '',
  apiKey: SECRET,
  dropParams: false,
  timeouts: { requestMs: 1000, idleMs: 1000 },
  params: {},
};
const ask = { model: 'alias', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('geminiAdapter requests', () => {
  it.each([
    ['', false, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent'],
    ['http://fake:1/', true, 'http://fake:1/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse'],
    ['http://proxy/v1', false, 'http://proxy/v1/models/gemini-2.0-flash:generateContent'],
  ])('posts to the method on api_base %j (stream: %s)', (apiBase, stream, url) => {
    const built = geminiAdapter.buildChatRequest({ ...ask, stream }, { ...target, apiBase });
    expect(built.method).toBe('POST');
    expect(built.url).toBe(url);
  });

  it('sends the key in x-goog-api-key and nowhere else', () => {
    const built = geminiAdapter.buildChatRequest(ask, { ...target, providerModel: 'models/gemini-2.0-flash' });
    expect(built.headers['x-goog-api-key']).toBe(SECRET);
    expect(built.url).not.toContain(SECRET);
    expect(built.body).not.toContain(SECRET);
    expect(built.url).toContain('/models/gemini-2.0-flash:');
    expect(JSON.parse(built.body)).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
  });

  it('builds one batchEmbedContents request per input with the model as models/<id>', () => {
    const built = geminiAdapter.buildEmbeddingRequest(
      { model: 'alias', input: ['a', 'b'], dimensions: 8, encoding_format: 'float' },
      { ...target, providerModel: 'gemini-embedding-001' },
    );
    expect(built.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents',
    );
    expect(JSON.parse(built.body)).toEqual({
      requests: ['a', 'b'].map((text) => ({
        model: 'models/gemini-embedding-001',
        content: { parts: [{ text }] },
        outputDimensionality: 8,
      })),
    });
  });

  it('refuses token-array embedding input', () => {
    expect(thrownBy(() => geminiAdapter.buildEmbeddingRequest({ model: 'a', input: [1, 2] }, target))).toMatchObject({
      kind: 'bad_request',
      details: { param: 'input' },
    });
  });

  it('parses a text answer with usage and gives it an id', () => {
    const { completion, usage } = geminiAdapter.parseChatResponse(
      {
        status: 200,
        headers: {},
        body: {
          candidates: [{ content: { role: 'model', parts: [{ text: 'Echo: hi' }] }, finishReason: 'STOP' }],
          usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 2, totalTokenCount: 3 },
        },
      },
      exampleTarget(),
    );
    expect(completion.id).toMatch(/^chatcmpl-\w{24}$/);
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: 'Echo: hi' },
      finish_reason: 'stop',
    });
    expect(usage.totalTokens).toBe(3);
  });
});

describe('Gemini embeddings over the HTTP client', () => {
  it('estimates usage from the input and names the provider model, since Gemini reports neither', async () => {
    const sent: UpstreamRequest[] = [];
    const transport: HttpTransport = {
      sendJson: (request) => {
        sent.push(request);
        return Promise.resolve({
          status: 200,
          headers: {},
          body: { embeddings: [{ values: [0.6, 0.8] }, { values: [1, 0] }] },
        });
      },
      openEventStream: () => Promise.reject(new Error('not used')),
    };
    const client = withGeminiEmbeddingUsage(new HttpProviderClient(geminiAdapter, transport));
    const result = await client.embed({ model: 'embed', input: ['alpha', 'beta gamma'] }, target);
    expect(result.embedding.data).toEqual([
      { object: 'embedding', index: 0, embedding: [0.6, 0.8] },
      { object: 'embedding', index: 1, embedding: [1, 0] },
    ]);
    expect(result.embedding.model).toBe('gemini-2.0-flash');
    expect(result.embedding.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
    expect(result.usage).toMatchObject({ promptTokens: 5, completionTokens: 0, totalTokens: 5 });
    expect(sent).toHaveLength(1);
  });
});
