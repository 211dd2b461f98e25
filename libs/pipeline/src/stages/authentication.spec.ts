import { auth } from '@gatehouse/contracts';
import { Credentials } from '../ports/credentials';
import { AuthenticationService } from './authentication';

const principal = { kind: 'master', subject: 's', keyAlias: '', userId: '', teamId: '', orgId: '', models: [] };

function service() {
  const seen: string[] = [];
  const client = {
    authenticate: (request: auth.AuthenticateRequest) => {
      seen.push(request.credential);
      return Promise.resolve({ principal, cacheTtlMs: 0 });
    },
  } as unknown as Credentials;
  return { seen, authentication: new AuthenticationService(client) };
}

describe('AuthenticationService credentials', () => {
  it.each([
    ['Authorization: Bearer', 'Bearer sk-1', undefined, 'sk-1'],
    ['x-api-key (Anthropic clients)', undefined, 'sk-2', 'sk-2'],
    ['Authorization when both are sent', 'Bearer sk-1', 'sk-2', 'sk-1'],
  ])('takes the key from %s', async (_, authorization, apiKey, credential) => {
    const { seen, authentication } = service();
    await authentication.authenticate(authorization, 'r', apiKey);
    expect(seen).toEqual([credential]);
  });

  it.each([
    [undefined, undefined],
    ['Basic abc', undefined],
    [undefined, ''],
  ])('refuses authorization %p with x-api-key %p as a 401 naming both headers', async (authorization, apiKey) => {
    const { authentication } = service();
    await expect(authentication.authenticate(authorization, 'r', apiKey)).rejects.toMatchObject({
      kind: 'authentication',
      message: expect.stringContaining('x-api-key') as string,
    });
  });
});
