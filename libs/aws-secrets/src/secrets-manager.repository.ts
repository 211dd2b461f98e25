import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsSecretFetcher } from '@gatehouse/config';

export interface SecretsManagerSettings {
  region: string;
  /** Overrides the AWS endpoint (a fake or LocalStack in tests). */
  endpoint?: string;
  ttlMs: number;
}

/** The one call the cache needs from Secrets Manager: a secret's SecretString. */
export type SecretStringSource = (secretId: string) => Promise<string>;

interface Entry {
  value: Promise<string>;
  expiresAt: number;
}

/**
 * SecretStrings cached for a TTL, shared by every deployment that names the same secret; concurrent
 * reads of an expired secret share one request. A failed read is not cached, so the next call retries.
 */
export class SecretsManagerRepository {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly source: SecretStringSource,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  static fromSettings(settings: SecretsManagerSettings): SecretsManagerRepository {
    const client = new SecretsManagerClient({ region: settings.region, endpoint: settings.endpoint });
    return new SecretsManagerRepository((id) => readSecretString(client, id), settings.ttlMs);
  }

  /** For `Secret.resolve({ awsSecret })`. */
  readonly fetch: AwsSecretFetcher = (secretId) => {
    const cached = this.cache.get(secretId);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const value = this.source(secretId);
    this.cache.set(secretId, { value, expiresAt: this.now() + this.ttlMs });
    value.catch(() => {
      if (this.cache.get(secretId)?.value === value) this.cache.delete(secretId);
    });
    return value;
  };
}

async function readSecretString(client: SecretsManagerClient, secretId: string): Promise<string> {
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (output.SecretString === undefined)
      throw new Error('the secret has no SecretString (binary secrets are not supported)');
    return output.SecretString;
  } catch (error) {
    // The SDK's error names the failure (ResourceNotFoundException, AccessDeniedException…), never the value.
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(name === 'Error' ? message : `${name}: ${message}`, { cause: error });
  }
}
