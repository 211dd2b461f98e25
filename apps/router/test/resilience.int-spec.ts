import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';

const config = (base: string) => {
  const origin = base.replace(/\/v1$/, '');
  const at = (knobs: string) => `"${origin}/knobs/${knobs}/v1"`;
  const deployment = (group: string, id: string, apiBase: string, extra = '') =>
    `  - model_name: ${group}
    model_info: { id: ${id} }
    litellm_params: { model: openai/gpt-4o-mini, api_base: ${apiBase}, api_key: ${FAKE_UPSTREAM_KEY}${extra} }
`;
  return `
model_list:
${deployment('mixed', 'mixed-broken', at('status=500'), ', weight: 1000')}
${deployment('mixed', 'mixed-healthy', `"${base}"`, ', weight: 0.001')}
${deployment('malformed', 'malformed-only', at('status=400'))}
${deployment('throttled', 'throttled-only', at('status=429,retryAfter=1'))}
${deployment('primary', 'primary-only', at('status=503'))}
${deployment('backup', 'backup-only', `"${base}"`)}
${deployment('small', 'small-only', at('contextOverflow'))}
${deployment('large', 'large-only', `"${base}"`)}
${deployment('strict', 'strict-only', at('contentFilter'))}
${deployment('lenient', 'lenient-only', `"${base}"`)}
${deployment('orphan', 'orphan-only', at('status=500'))}
${deployment('catch-all', 'catch-all-only', `"${base}"`)}
${deployment('slow', 'slow-only', at('timeout'), ', timeout: 0.5')}
${deployment('stalling', 'stalling-only', at('stallAfterChunks=2'), ', stream_timeout: 0.5')}
router_settings:
  num_retries: 1
  # Each failure reaches the router's cooldown count; keep every deployment in play for these tests.
  allowed_fails: 1000
  fallbacks: [{ primary: [backup] }, { slow: [backup] }, { stalling: [backup] }]
  context_window_fallbacks: [{ small: [large] }]
  content_policy_fallbacks: [{ strict: [lenient] }]
  default_fallbacks: [catch-all]
`;
};

interface Answer {
  status: number;
  deployment: string | null;
  attempts: string | null;
  body: string;
  ms: number;
}

describe.each(COMPOSITIONS)('retries and fallbacks, %s composition (requires authentication)', (composition) => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ composition, config });
  });

  afterAll(async () => {
    await gw?.stop();
  });

  beforeEach(() => gw.upstream.clearRequests());

  const call = async (model: string, extra: Record<string, unknown> = {}): Promise<Answer> => {
    const started = performance.now();
    const response = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra }),
    });
    return {
      status: response.status,
      deployment: response.headers.get('x-gatehouse-deployment-id'),
      attempts: response.headers.get('x-gatehouse-attempts'),
      body: await response.text(),
      ms: performance.now() - started,
    };
  };
  const upstreamCalls = (knobs: string) =>
    gw.upstream.requests.filter((r) => r.url.includes(`/knobs/${knobs}/`)).length;

  it('answers from another deployment of the group when the first one fails, saying so in the headers', async () => {
    const answer = await call('mixed');
    expect(answer).toMatchObject({ status: 200, deployment: 'mixed-healthy', attempts: '2' });
    const body = JSON.parse(answer.body) as { choices: { message: { content: string } }[] };
    expect(body.choices[0].message.content).toBe('Echo: hi');
  });

  it('never retries a request the provider called malformed', async () => {
    expect(await call('malformed')).toMatchObject({ status: 400 });
    expect(upstreamCalls('status=400')).toBe(1);
  });

  it("retries a throttled deployment after its retry-after, then answers with the provider's 429", async () => {
    // An empty fallbacks list keeps default_fallbacks out of it.
    const answer = await call('throttled', { fallbacks: [] });
    expect(answer.status).toBe(429);
    expect(upstreamCalls('status=429,retryAfter=1')).toBe(2);
    expect(answer.ms).toBeGreaterThanOrEqual(1_000);
  });

  it('falls back to the next model group once the retries are spent', async () => {
    expect(await call('primary')).toMatchObject({ status: 200, deployment: 'backup-only', attempts: '3' });
    expect(upstreamCalls('status=503')).toBe(2);
  });

  it("takes the request's own num_retries and fallbacks", async () => {
    expect(await call('orphan', { num_retries: 0, fallbacks: ['large'] })).toMatchObject({
      status: 200,
      deployment: 'large-only',
      attempts: '2',
    });
    expect(upstreamCalls('status=500')).toBe(1);
    // The gateway's own fields never reach the provider.
    expect(gw.upstream.requests.at(-1)?.body).not.toHaveProperty('fallbacks');
  });

  it('sends a prompt too long for the model to context_window_fallbacks, without retrying it', async () => {
    expect(await call('small')).toMatchObject({ status: 200, deployment: 'large-only', attempts: '2' });
    expect(upstreamCalls('contextOverflow')).toBe(1);
  });

  it('sends a content-policy refusal to content_policy_fallbacks', async () => {
    expect(await call('strict')).toMatchObject({ status: 200, deployment: 'lenient-only', attempts: '2' });
  });

  it('sends a group without fallbacks of its own to default_fallbacks', async () => {
    expect(await call('orphan', { num_retries: 0 })).toMatchObject({ status: 200, deployment: 'catch-all-only' });
  });

  it('gives up on a deployment past its timeout and falls back', async () => {
    const answer = await call('slow', { num_retries: 0 });
    expect(answer).toMatchObject({ status: 200, deployment: 'backup-only' });
    expect(answer.ms).toBeLessThan(5_000);
  });

  it('falls back from a stream that fails before its first chunk, and never restarts one that stalls after', async () => {
    const before = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'primary', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(before.status).toBe(200);
    expect(before.headers.get('x-gatehouse-deployment-id')).toBe('backup-only');
    expect(await before.text()).toContain('data: [DONE]');
    gw.upstream.clearRequests();

    const after = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'stalling', stream: true, messages: [{ role: 'user', content: 'hi there' }] }),
    });
    expect(after.status).toBe(200);
    const text = await after.text();
    // Some of the answer came through (the two chunks before the stall), then the error.
    expect(text).toMatch(/"content":"[^"]+"/);
    expect(text).toContain('"error"');
    expect(text).not.toContain('data: [DONE]');
    expect(upstreamCalls('stallAfterChunks=2')).toBe(1);
    expect(gw.upstream.requests.filter((r) => !r.url.includes('/knobs/')).length).toBe(0);
  });
});
