import { common } from '@gatehouse/contracts';
import { createLogger } from '@gatehouse/logging';
import { AuthSettings } from '../../config/auth-settings';
import { CredentialsRepository, KeyRecord } from '../../repositories/credentials.repository';
import { KeyLookupService } from './key-lookup.service';

const record = { key: { id: 'k', keyHash: 'h', blocked: false, expiresAt: null } } as unknown as KeyRecord;
const principal = { kind: 'virtual_key', keyId: 'k', expiresAtUnixMs: 0 } as common.Principal;

jest.mock('./key-principal', () => ({ keyPrincipal: () => principal }));

function lookup(findKey: () => Promise<KeyRecord | null>, staleMaxMs = 60_000) {
  const repository = { findKey } as unknown as CredentialsRepository;
  const settings = new AuthSettings(undefined, 10_000, staleMaxMs, 100, undefined, new Set());
  return new KeyLookupService(repository, settings, createLogger('auth-test', 'silent'));
}

describe('KeyLookupService while Postgres is unreachable', () => {
  const down = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));

  it('serves a key read recently and refuses an unknown one with 503', async () => {
    let find: () => Promise<KeyRecord | null> = () => Promise.resolve(record);
    const service = lookup(() => find());
    await expect(service.principalFor('h', 1_000)).resolves.toBe(principal);
    find = down;
    await expect(service.principalFor('h', 30_000)).resolves.toBe(principal);
    await expect(service.principalFor('other', 30_000)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('stops serving a remembered key once it is older than the allowed staleness', async () => {
    let find: () => Promise<KeyRecord | null> = () => Promise.resolve(record);
    const service = lookup(() => find(), 10_000);
    await service.principalFor('h', 1_000);
    find = down;
    await expect(service.principalFor('h', 12_000)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('forgets a key the database no longer has, and one changed through this process', async () => {
    let find: () => Promise<KeyRecord | null> = () => Promise.resolve(record);
    const service = lookup(() => find());
    await service.principalFor('h', 1_000);
    find = () => Promise.resolve(null);
    await expect(service.principalFor('h', 2_000)).rejects.toMatchObject({ kind: 'authentication' });
    find = down;
    await expect(service.principalFor('h', 3_000)).rejects.toMatchObject({ kind: 'unavailable' });

    find = () => Promise.resolve(record);
    await service.principalFor('h', 4_000);
    service.forget('h');
    find = down;
    await expect(service.principalFor('h', 5_000)).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
