import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';

/** One deployment of a model group, on the fake upstream with the given knobs. */
const deployment = (base: string, group: string, id: string, extra = '', knobs = '', model = 'openai/gpt-4o-mini') => {
  const apiBase = knobs ? `${base.replace(/\/v1$/, '')}/knobs/${knobs}/v1` : base;
  return `
  - model_name: "${group}"
    model_info: { id: ${id} }
    litellm_params: { model: "${model}", api_base: "${apiBase}", api_key: ${FAKE_UPSTREAM_KEY}${extra} }`;
};

interface Reply {
  status: number;
  deployment: string | null;
  body: Record<string, unknown>;
}

async function ask(
  gw: TestGateway,
  model: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await fetch(`${gw.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gw.masterKey}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello there' }], ...extra }),
  });
  return {
    status: response.status,
    deployment: response.headers.get('x-gatehouse-deployment-id'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

const pinned = (id: string) => ({ 'x-gatehouse-deployment': id });

/** Usage counts per fixed minute; a test that reads them must not straddle the minute's end. */
async function clearOfMinuteEnd(neededMs = 10_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

function withGateway(composition: (typeof COMPOSITIONS)[number], config: (base: string) => string) {
  const holder: { gw?: TestGateway } = {};
  beforeAll(async () => {
    holder.gw = await startTestGateway({ composition, config });
  });
  afterAll(async () => {
    await holder.gw?.stop();
  });
  return () => holder.gw!;
}

describe.each(COMPOSITIONS)('routing, %s composition (requires authentication)', (composition) => {
  describe('simple-shuffle and model groups', () => {
    const gateway = withGateway(
      composition,
      (base) => `
model_list:${deployment(base, 'split', 'seventy', ', weight: 7')}${deployment(base, 'split', 'thirty', ', weight: 3')}${deployment(base, 'gpt-4o', 'exact')}${deployment(base, 'openai/*', 'openai-any', '', '', 'openai/*')}${deployment(base, 'tuned', 'tuned-1', ', temperature: 0.3, max_tokens: 7, extra_headers: { x-tenant: blue }')}${deployment(base, 'tiered', 'free', ', tags: [free]')}${deployment(base, 'tiered', 'paid', ', tags: [paid]')}${deployment(base, 'tiered', 'anyone', ', tags: [default]')}
router_settings:
  enable_tag_filtering: true
  model_group_alias: { smart: gpt-4o, nano: "openai/gpt-4.1-nano" }
`,
    );

    it('spreads 1,000 calls 70/30 by weight, within a few points', async () => {
      let seventy = 0;
      for (let i = 0; i < 1_000; i++) if ((await ask(gateway(), 'split')).deployment === 'seventy') seventy++;
      expect(seventy).toBeGreaterThan(660);
      expect(seventy).toBeLessThan(740);
    });

    it('passes the requested model through a wildcard deployment, and resolves aliases', async () => {
      const gw = gateway();
      gw.upstream.clearRequests();
      expect(await ask(gw, 'openai/gpt-4.1-mini')).toMatchObject({ status: 200, deployment: 'openai-any' });
      expect(gw.upstream.requests.at(-1)?.body).toMatchObject({ model: 'gpt-4.1-mini' });
      expect(await ask(gw, 'smart')).toMatchObject({ status: 200, deployment: 'exact' });
      expect(await ask(gw, 'nano')).toMatchObject({ status: 200, deployment: 'openai-any' });
      expect(gw.upstream.requests.at(-1)?.body).toMatchObject({ model: 'gpt-4.1-nano' });
    });

    it("sends a deployment's default parameters and headers unless the request sets them", async () => {
      const gw = gateway();
      gw.upstream.clearRequests();
      await ask(gw, 'tuned');
      await ask(gw, 'tuned', { temperature: 1 });
      const [defaults, own] = gw.upstream.requests;
      expect(defaults.body).toMatchObject({ temperature: 0.3, max_tokens: 7 });
      expect(defaults.headers['x-tenant']).toBe('blue');
      expect(own.body).toMatchObject({ temperature: 1, max_tokens: 7 });
    });

    it('routes by request tags with enable_tag_filtering, untagged requests to the default deployment', async () => {
      expect(await ask(gateway(), 'tiered', { tags: ['paid'] })).toMatchObject({ deployment: 'paid' });
      expect(await ask(gateway(), 'tiered', { tags: ['free'] })).toMatchObject({ deployment: 'free' });
      expect(await ask(gateway(), 'tiered')).toMatchObject({ deployment: 'anyone' });
    });

    it('serves from the deployment x-gatehouse-deployment pins, and refuses one outside the group', async () => {
      for (let i = 0; i < 10; i++)
        expect(await ask(gateway(), 'split', {}, pinned('thirty'))).toMatchObject({ deployment: 'thirty' });
      expect(await ask(gateway(), 'split', {}, pinned('exact'))).toMatchObject({ status: 400 });
    });
  });

  describe('least-busy', () => {
    const gateway = withGateway(
      composition,
      (base) => `
model_list:${deployment(base, 'busy', 'slow', '', 'latencyMs=1500')}${deployment(base, 'busy', 'idle')}
router_settings: { routing_strategy: least-busy }
`,
    );

    it('sends calls to the deployment with the fewest in flight', async () => {
      const long = [1, 2, 3].map(() => ask(gateway(), 'busy', {}, pinned('slow')));
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let i = 0; i < 10; i++) expect(await ask(gateway(), 'busy')).toMatchObject({ deployment: 'idle' });
      await Promise.all(long);
    });
  });

  describe('latency-based-routing', () => {
    const gateway = withGateway(
      composition,
      (base) => `
model_list:${deployment(base, 'timed', 'sluggish', '', 'latencyMs=300')}${deployment(base, 'timed', 'brisk')}
router_settings: { routing_strategy: latency-based-routing }
`,
    );

    it('sends calls to the deployment that has been answering fastest', async () => {
      for (let i = 0; i < 3; i++) {
        await ask(gateway(), 'timed', {}, pinned('sluggish'));
        await ask(gateway(), 'timed', {}, pinned('brisk'));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let i = 0; i < 10; i++) expect(await ask(gateway(), 'timed')).toMatchObject({ deployment: 'brisk' });
    });
  });

  describe('usage-based-routing and per-deployment caps', () => {
    const gateway = withGateway(
      composition,
      (base) => `
model_list:${deployment(base, 'metered', 'used', ', rpm: 1000')}${deployment(base, 'metered', 'fresh', ', rpm: 1000')}${deployment(base, 'tiny', 'tiny-1', ', rpm: 2')}
router_settings: { routing_strategy: usage-based-routing-v2, num_retries: 0 }
`,
    );

    it('sends calls to the deployment with the most headroom this minute', async () => {
      await clearOfMinuteEnd();
      for (let i = 0; i < 15; i++) await ask(gateway(), 'metered', {}, pinned('used'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let i = 0; i < 10; i++) expect(await ask(gateway(), 'metered')).toMatchObject({ deployment: 'fresh' });
    });

    it("refuses a call past a deployment's rpm with a 429, until the next minute", async () => {
      await clearOfMinuteEnd();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await ask(gateway(), 'tiny')).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
    });
  });
});
