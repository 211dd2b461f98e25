export { startFakeSecretsManager, type FakeSecretsManager } from './fake-secrets-manager';
