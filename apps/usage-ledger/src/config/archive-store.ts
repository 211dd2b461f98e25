import { ArchiveStore, LocalArchiveStore, S3ArchiveStore } from '@gatehouse/archive';
import { ConfigError, DEFAULT_S3_BUCKET, UsageLedgerEnv } from '@gatehouse/config';

export type ArchiveEnv = Pick<
  UsageLedgerEnv,
  'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_REGION' | 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY'
>;

/**
 * The bucket the env names. Credentials are passed on only as a pair; with neither set the SDK's
 * usual chain finds them (a profile, a container or instance role).
 */
export function s3ArchiveStoreFrom(env: ArchiveEnv): S3ArchiveStore {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    const missing = accessKeyId === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY';
    throw new ConfigError('Invalid environment', [
      { location: missing, message: 'set it too, or unset both to use the SDK credential chain' },
    ]);
  }
  return new S3ArchiveStore({
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  });
}

/**
 * For the standalone composition, where S3_BUCKET has no default: S3 when S3_BUCKET or S3_ENDPOINT
 * is set, the local directory, laid out as the bucket would be, otherwise.
 */
export function archiveStoreFrom(
  env: Omit<ArchiveEnv, 'S3_BUCKET'> & { S3_BUCKET?: string },
  localDirectory: () => string,
): ArchiveStore {
  if (!env.S3_BUCKET && !env.S3_ENDPOINT) return new LocalArchiveStore(localDirectory());
  return s3ArchiveStoreFrom({ ...env, S3_BUCKET: env.S3_BUCKET ?? DEFAULT_S3_BUCKET });
}
