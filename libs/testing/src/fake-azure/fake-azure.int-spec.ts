import { startFakeAzure, type FakeAzure } from './fake-azure';

describe('fake Azure OpenAI', () => {
  let fake: FakeAzure;
  beforeAll(async () => {
    fake = await startFakeAzure({ apiKey: 'azure-key' });
  });
  afterAll(() => fake.close());

  const post = (path: string, headers: Record<string, string> = { 'api-key': 'azure-key' }) =>
    fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] }),
    });
  const chatPath = '/openai/deployments/gpt-4o-eu/chat/completions?api-version=2024-10-21';

  it('answers a deployment URL with an api-key, naming the deployment as the model', async () => {
    const response = await post(chatPath);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { model: string; choices: { message: { content: string } }[] };
    expect(body.model).toBe('gpt-4o-eu');
    expect(body.choices[0].message.content).toBe('Echo: hello');
  });

  it('accepts an Entra ID bearer token', async () => {
    expect((await post(chatPath, { authorization: 'Bearer azure-key' })).status).toBe(200);
  });

  it.each([
    ['a wrong key', chatPath, { 'api-key': 'nope' }, 401],
    ['OpenAI-style auth with a wrong key', chatPath, { authorization: 'Bearer nope' }, 401],
    ['no api-version', '/openai/deployments/gpt-4o-eu/chat/completions', undefined, 404],
    ['OpenAI’s path', '/v1/chat/completions?api-version=2024-10-21', undefined, 404],
  ])('refuses %s', async (_, path, headers, status) => {
    const response = await post(path, headers);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(String(status));
  });
});
