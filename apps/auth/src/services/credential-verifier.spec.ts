import { common } from '@gatehouse/contracts';
import { GatewayFailure } from '@gatehouse/errors';
import { createHash } from 'node:crypto';
import { AuthSettings } from '../config/auth-settings';
import { CredentialVerifier } from './credential-verifier';
import { JwtPrincipals } from './credentials/jwt-principals';
import { KeyLookupService } from './credentials/key-lookup.service';

const settings = (masterKey: string | undefined) =>
  new AuthSettings(masterKey, 10_000, 600_000, 100, undefined, new Set());

function verifier(masterKey: string | undefined, keys: Partial<KeyLookupService> = {}, jwtAccepts = false) {
  const jwts = {
    accepts: () => jwtAccepts,
    principalOf: () => Promise.reject(new Error('no JWT in this test')),
  } as unknown as JwtPrincipals;
  const lookup = {
    principalFor: () => Promise.reject(new GatewayFailure('authentication', 'invalid API key')),
    ...keys,
  } as KeyLookupService;
  return new CredentialVerifier(settings(masterKey), lookup, jwts);
}

describe('CredentialVerifier', () => {
  it('recognises the master key as an admin that may add guardrails, and never returns it', async () => {
    const answer = await verifier('sk-master-123').authenticate({ credential: 'sk-master-123', requestId: 'r' });
    expect(answer.principal?.kind).toBe('master');
    expect(answer.principal?.admin).toBe(true);
    expect(answer.principal).toMatchObject({ guardrails: [], allowRequestGuardrails: true });
    expect(answer.principal?.subject).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(answer)).not.toContain('sk-master-123');
    expect(answer.cacheTtlMs).toBe(10_000);
  });

  it.each(['sk-master-12', 'sk-master-1234', '', 'SK-MASTER-123'])(
    'looks %j up as a virtual key, by its hex SHA-256, and passes on the refusal',
    async (credential) => {
      const asked: string[] = [];
      const v = verifier('sk-master-123', {
        principalFor: (hash: string) => {
          asked.push(hash);
          return Promise.reject(new GatewayFailure('authentication', 'invalid API key'));
        },
      });
      const answer = await v.authenticate({ credential, requestId: 'r' });
      expect(answer.principal).toBeUndefined();
      expect(answer.error?.kind).toBe('authentication');
      expect(answer.cacheTtlMs).toBe(0);
      expect(asked).toEqual([createHash('sha256').update(credential).digest('hex')]);
    },
  );

  it('never lets edge-api cache a key past its expiry', async () => {
    const expiresAtUnixMs = Date.now() + 2_000;
    const principal = { kind: 'virtual_key', expiresAtUnixMs } as common.Principal;
    const v = verifier(undefined, { principalFor: () => Promise.resolve(principal) });
    const answer = await v.authenticate({ credential: 'sk-virtual', requestId: 'r' });
    expect(answer.cacheTtlMs).toBeGreaterThan(0);
    expect(answer.cacheTtlMs).toBeLessThanOrEqual(2_000);
  });

  it('answers an unexpected failure as an internal error without details', async () => {
    const v = verifier(undefined, { principalFor: () => Promise.reject(new Error('socket hang up at 10.0.0.5')) });
    const answer = await v.authenticate({ credential: 'sk-virtual', requestId: 'r' });
    expect(answer.error).toMatchObject({ kind: 'internal', message: 'internal error' });
  });
});
