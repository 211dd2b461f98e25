import OpenAI from 'openai';
import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';

// The fake upstream echoes the last user message, so a word the pre_call list does not know can
// still come back in the answer, where the post_call list catches it.
const config = (base: string) => `
model_list:
  - model_name: gpt-4o-mini
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${base}", api_key: ${FAKE_UPSTREAM_KEY} }
guardrails:
  - guardrail_name: no-codenames
    litellm_params: { guardrail: deny_list, mode: pre_call, default_on: true, terms: [project falcon] }
  - guardrail_name: no-leaks
    litellm_params: { guardrail: deny_list, mode: [post_call], default_on: true, terms: [leaked] }
`;

describe.each(COMPOSITIONS)('guardrails on every call, %s composition (requires authentication)', (composition) => {
  let gw: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    gw = await startTestGateway({ composition, config });
    client = new OpenAI({ apiKey: gw.masterKey, baseURL: gw.baseURL, maxRetries: 0 });
  });

  afterAll(async () => {
    await gw?.stop();
  });

  const ask = (content: string, stream = false) =>
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], stream });

  it('lets a clean request and answer through', async () => {
    const completion = await ask('hello there');
    expect(completion).toMatchObject({ object: 'chat.completion' });
  });

  it('blocks a request before it reaches the provider, naming the guardrail', async () => {
    gw.upstream.clearRequests();
    const refusal = await ask('tell me about Project Falcon').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refusal).toMatchObject({ code: 'content_policy_violation' });
    expect((refusal as Error).message).toContain('no-codenames');
    expect(gw.upstream.requests).toHaveLength(0);
  });

  it('blocks a streamed request the same way, before any chunk', async () => {
    const refusal = await ask('project falcon, streamed', true).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 400, code: 'content_policy_violation' });
  });

  it('blocks an answer the provider wrote, after the call', async () => {
    gw.upstream.clearRequests();
    const refusal = await ask('say leaked please').catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 400, code: 'content_policy_violation' });
    expect((refusal as Error).message).toContain('no-leaks');
    expect(gw.upstream.requests).toHaveLength(1);
  });
});
