import { COMPOSITIONS, FAKE_UPSTREAM_KEY, startTestGateway, TestGateway } from '@gatehouse/testing';
import { adminCall, chat, generateKey } from './admin-client';

const config = (base: string) => `
model_list:
  - model_name: gpt-4o-mini
    litellm_params: { model: openai/gpt-4o-mini, api_base: ${base}, api_key: ${FAKE_UPSTREAM_KEY} }
    model_info: { input_cost_per_token: 0.00000015, output_cost_per_token: 0.0000006 }
  - model_name: claude-sonnet
    litellm_params: { model: openai/gpt-4o-mini, api_base: ${base}, api_key: ${FAKE_UPSTREAM_KEY} }
`;

type Json = Record<string, unknown>;

describe.each(COMPOSITIONS)(
  "LiteLLM's team and user routes through the gateway, %s composition (requires authentication)",
  (composition) => {
    let gw: TestGateway;
    const post = (path: string, payload: unknown, key = gw.masterKey) =>
      adminCall<Json>(gw.url, key, 'POST', path, payload);
    const get = (path: string, key = gw.masterKey) => adminCall<Json>(gw.url, key, 'GET', path);

    beforeAll(async () => {
      gw = await startTestGateway({ composition, config });
    });

    afterAll(async () => {
      await gw?.stop();
    });

    it('applies a team limit to every key of the team, and a change to it at once', async () => {
      const team = await post('/team/new', {
        team_alias: 'search',
        models: ['gpt-4o-mini'],
        rpm_limit: 3,
        max_budget: 5,
      });
      expect(team.status).toBe(200);
      const teamId = team.body.team_id as string;
      const user = await post('/user/new', {
        user_email: 'ana@example.com',
        user_role: 'internal_user',
        auto_create_key: false,
      });
      expect(user.status).toBe(200);
      const userId = user.body.user_id as string;
      const added = await post('/team/member_add', { team_id: teamId, member: [{ role: 'user', user_id: userId }] });
      expect(added.status).toBe(200);

      const key = await generateKey(gw.url, gw.masterKey, { team_id: teamId, user_id: userId });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await chat(gw.url, key, 'gpt-4o-mini', `call ${i}`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await chat(gw.url, key, 'gpt-4o-mini', 'again');
      expect(limited.body.error?.message).toContain(teamId);
      expect((await chat(gw.url, key, 'claude-sonnet', 'outside the team')).status).toBe(403);

      expect((await post('/team/update', { team_id: teamId, rpm_limit: 100 })).status).toBe(200);
      const start = Date.now();
      let status = 429;
      while (status !== 200 && Date.now() - start < 3_000)
        status = (await chat(gw.url, key, 'gpt-4o-mini', 'raised')).status;
      expect(status).toBe(200);
      expect(Date.now() - start).toBeLessThan(1_000);

      const info = await get(`/team/info?team_id=${teamId}`);
      expect(info.status).toBe(200);
      const teamInfo = info.body.team_info as Json;
      expect(teamInfo.rpm_limit).toBe(100);
      expect(teamInfo.max_budget).toBe(5);
      expect(JSON.stringify(teamInfo.members_with_roles)).toContain(userId);
      expect(info.body.keys).toHaveLength(1);
      expect(JSON.stringify(info.body)).not.toContain(key);

      const userInfo = await get(`/user/info?user_id=${userId}`);
      expect(userInfo.status).toBe(200);
      expect(JSON.stringify(userInfo.body.teams)).toContain(teamId);

      expect((await post('/team/delete', { team_ids: [teamId] })).status).toBe(200);
      await expectRefusedWithin(() => chat(gw.url, key, 'gpt-4o-mini', 'team gone'), 401, 1_000);
    });

    it("gives a proxy_admin user's key the admin routes, and lists users", async () => {
      const admin = await post('/user/new', { user_id: 'ops-lead', user_role: 'proxy_admin' });
      expect(admin.status).toBe(200);
      const adminKey = admin.body.key as string;
      expect(adminKey).toMatch(/^sk-/);
      expect((await get('/key/list', adminKey)).status).toBe(200);
      const listed = await get('/user/list?page=1&page_size=10', adminKey);
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body.users)).toContain('ops-lead');

      const plain = await post('/user/new', { user_id: 'dev', user_role: 'internal_user' });
      const plainKey = plain.body.key as string;
      expect((await get('/user/list', plainKey)).status).toBe(403);
      const bad = await post('/user/new', { user_role: 'emperor' });
      expect(bad.status).toBe(400);
      expect((bad.body.error as Json).param).toBe('user_role');
    });

    it('describes deployments on /model/info without their secrets', async () => {
      const info = await get('/model/info');
      expect(info.status).toBe(200);
      const text = JSON.stringify(info.body);
      expect(text).toContain('gpt-4o-mini');
      expect(text).not.toContain(FAKE_UPSTREAM_KEY);
      const data = info.body.data as { model_name: string; model_info: Json }[];
      const mini = data.find((entry) => entry.model_name === 'gpt-4o-mini');
      expect(mini?.model_info.input_cost_per_token).toBeCloseTo(0.00000015, 12);
    });
  },
);

async function expectRefusedWithin(call: () => Promise<{ status: number }>, status: number, withinMs: number) {
  const start = Date.now();
  let seen = (await call()).status;
  while (seen !== status && Date.now() - start < withinMs + 2_000) seen = (await call()).status;
  expect(seen).toBe(status);
  expect(Date.now() - start).toBeLessThan(withinMs);
}
