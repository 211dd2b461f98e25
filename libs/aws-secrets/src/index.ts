export { SecretsManagerRepository } from './secrets-manager.repository';
export type { SecretsManagerSettings, SecretStringSource } from './secrets-manager.repository';
