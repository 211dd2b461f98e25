import { resolveMasterKey } from './master-key';
import { Secret } from './secret';

const configWith = (masterKey?: Secret) => ({ generalSettings: { master_key: masterKey } });
const fromFile = Secret.literal({ source: 'config.yaml', path: 'general_settings.master_key' }, 'sk-from-file');

describe('resolveMasterKey', () => {
  it('prefers GATEHOUSE_MASTER_KEY over general_settings.master_key', async () => {
    await expect(resolveMasterKey(configWith(fromFile), { GATEHOUSE_MASTER_KEY: 'sk-from-env' })).resolves.toBe(
      'sk-from-env',
    );
  });

  it('falls back to the config file, then to none', async () => {
    await expect(resolveMasterKey(configWith(fromFile), {})).resolves.toBe('sk-from-file');
    await expect(resolveMasterKey(configWith(), {})).resolves.toBeUndefined();
  });
});
