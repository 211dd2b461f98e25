import { AuthSettings } from '../config/auth-settings';
import { CredentialVerifier } from './credential-verifier';

describe('CredentialVerifier', () => {
  const verifier = new CredentialVerifier(new AuthSettings('sk-master-123'));

  it('recognises the master key and never returns it', () => {
    const answer = verifier.authenticate({ credential: 'sk-master-123', requestId: 'r' });
    expect(answer.principal?.kind).toBe('master');
    expect(answer.principal?.subject).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(answer)).not.toContain('sk-master-123');
    expect(answer.cacheTtlMs).toBeGreaterThan(0);
  });

  it.each(['sk-master-12', 'sk-master-1234', '', 'SK-MASTER-123'])(
    'refuses %j as an authentication error',
    (credential) => {
      const answer = verifier.authenticate({ credential, requestId: 'r' });
      expect(answer.principal).toBeUndefined();
      expect(answer.error?.kind).toBe('authentication');
      expect(answer.cacheTtlMs).toBe(0);
    },
  );

  it('refuses everything when no master key is configured', () => {
    const open = new CredentialVerifier(new AuthSettings(undefined));
    expect(open.authenticate({ credential: 'anything', requestId: 'r' }).error?.kind).toBe('authentication');
  });
});
