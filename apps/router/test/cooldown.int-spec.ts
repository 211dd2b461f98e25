import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';

const config = (base: string) => {
  const origin = base.replace(/\/v1$/, '');
  return `
model_list:
  - model_name: flaky
    model_info: { id: healthy }
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${base}", api_key: ${FAKE_UPSTREAM_KEY} }
  - model_name: flaky
    model_info: { id: broken }
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${origin}/knobs/status=500/v1", api_key: ${FAKE_UPSTREAM_KEY} }
  - model_name: alone
    model_info: { id: alone }
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${origin}/knobs/status=500/v1", api_key: ${FAKE_UPSTREAM_KEY} }
router_settings:
  allowed_fails: 1
  cooldown_time: 60
  # Each failure reaches the client, so the test can count them.
  num_retries: 0
  retry_after: 0
`;
};

interface Call {
  status: number;
  deployment: string | null;
}

describe.each(COMPOSITIONS)('deployment cooldowns, %s composition (requires authentication)', (composition) => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ composition, config, extraEdgeReplicas: 1 });
  });

  afterAll(async () => {
    await gw?.stop();
  });

  const call = async (model: string, baseURL = gw.baseURL): Promise<Call> => {
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.masterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.arrayBuffer();
    return { status: response.status, deployment: response.headers.get('x-gatehouse-deployment-id') };
  };

  it('stops choosing a deployment that failed more than allowed_fails times, in every replica', async () => {
    // Weighted random between the two: keep calling until the broken one has failed twice.
    let failures = 0;
    for (let i = 0; i < 200 && failures < 2; i++) if ((await call('flaky')).status === 502) failures++;
    expect(failures).toBe(2);
    // The router hears the failures on usage.v1 and announces the cooldown on control.v1; once both
    // fronts have it, twenty calls in a row, alternating between them, land on the healthy deployment
    // (by chance: one in a million).
    const fronts = [gw.baseURL, gw.replicaBaseURLs[0]];
    const deadline = Date.now() + 20_000;
    let streak = 0;
    while (streak < 20 && Date.now() < deadline) {
      const { status, deployment } = await call('flaky', fronts[streak % 2]);
      streak = status === 200 && deployment === 'healthy' ? streak + 1 : 0;
      if (streak === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(streak).toBe(20);
  });

  it("never cools down a model group's only deployment", async () => {
    for (let i = 0; i < 4; i++) expect((await call('alone')).status).toBe(502);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await call('alone')).toEqual({ status: 502, deployment: null });
  });
});
