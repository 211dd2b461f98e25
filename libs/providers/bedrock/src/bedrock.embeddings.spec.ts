import { DeploymentTarget } from '@gatehouse/providers-core';
import { fromInvokeModelEmbeddings, toInvokeModelEmbeddings } from './bedrock.embeddings';

const target = (providerModel: string): DeploymentTarget => ({
  id: 'e',
  provider: 'bedrock',
  providerModel,
  apiBase: '',
  dropParams: false,
  timeouts: { requestMs: 1, idleMs: 1 },
  params: {},
});

describe('Bedrock embeddings', () => {
  it('makes one Titan call per input, with dimensions', () => {
    const plan = toInvokeModelEmbeddings(
      { model: 'e', input: ['a', 'b'], dimensions: 256 },
      target('amazon.titan-embed-text-v2:0'),
    );
    expect(plan.calls).toEqual([
      { modelId: 'amazon.titan-embed-text-v2:0', body: { inputText: 'a', dimensions: 256 } },
      { modelId: 'amazon.titan-embed-text-v2:0', body: { inputText: 'b', dimensions: 256 } },
    ]);
  });

  it('makes one Cohere call with texts and an input_type', () => {
    const plan = toInvokeModelEmbeddings({ model: 'e', input: 'a' }, target('cohere.embed-english-v3'));
    expect(plan.calls).toEqual([
      { modelId: 'cohere.embed-english-v3', body: { texts: ['a'], input_type: 'search_document' } },
    ]);
  });

  it.each([
    ['a chat model', { model: 'e', input: 'a' }, 'anthropic.claude-3-haiku', 'model'],
    ['token arrays', { model: 'e', input: [1, 2] }, 'amazon.titan-embed-text-v2:0', 'input'],
    ['dimensions on Cohere', { model: 'e', input: 'a', dimensions: 8 }, 'cohere.embed-english-v3', 'dimensions'],
  ])('refuses %s', (_, request, model, param) => {
    let thrown: unknown;
    try {
      toInvokeModelEmbeddings(request, target(model));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ kind: 'bad_request', details: { param } });
  });

  it('answers in order with usage from the token-count header, else the body', () => {
    const plan = toInvokeModelEmbeddings({ model: 'e', input: ['a', 'b'] }, target('amazon.titan-embed-text-v2:0'));
    const { embedding, usage } = fromInvokeModelEmbeddings(
      plan,
      [
        { body: { embedding: [0.1, 0.2], inputTextTokenCount: 3 }, inputTokens: 4 },
        { body: { embedding: [0.3, 0.4], inputTextTokenCount: 2 } },
      ],
      'amazon.titan-embed-text-v2:0',
    );
    expect(embedding.data.map((d) => [d.index, d.embedding])).toEqual([
      [0, [0.1, 0.2]],
      [1, [0.3, 0.4]],
    ]);
    expect(usage.promptTokens).toBe(6);
    expect(embedding.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
  });

  it('encodes base64 as little-endian float32, as OpenAI does', () => {
    const plan = toInvokeModelEmbeddings(
      { model: 'e', input: 'a', encoding_format: 'base64' },
      target('cohere.embed-english-v3'),
    );
    const { embedding } = fromInvokeModelEmbeddings(plan, [{ body: { embeddings: [[1, -2]] }, inputTokens: 1 }], 'm');
    const bytes = Buffer.from(embedding.data[0].embedding as string, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1, -2]);
  });
});
