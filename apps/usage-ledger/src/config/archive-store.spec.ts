import { ArchiveStore, LocalArchiveStore, S3ArchiveStore } from '@gatehouse/archive';
import { ConfigError } from '@gatehouse/config';
import { ArchiveEnv, archiveStoreFrom, s3ArchiveStoreFrom } from './archive-store';
import { archiveSettings, DEFAULT_ARCHIVE_BATCH_ROWS, DEFAULT_ARCHIVE_INTERVAL_SECONDS } from './archive-settings';

const env = (overrides: Partial<ArchiveEnv> = {}): ArchiveEnv => ({
  S3_BUCKET: 'gatehouse-usage',
  S3_REGION: 'us-east-1',
  ...overrides,
});

describe('the archive store from the env', () => {
  const opened: ArchiveStore[] = [];
  const keep = <T extends ArchiveStore>(store: T): T => {
    opened.push(store);
    return store;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('is the local directory in the standalone composition unless S3_BUCKET or S3_ENDPOINT is set', () => {
    const local = keep(archiveStoreFrom({ ...env(), S3_BUCKET: undefined }, () => '/data/archive'));
    expect(local).toBeInstanceOf(LocalArchiveStore);
    expect(local.describe()).toBe('directory /data/archive');

    const endpoint = { ...env({ S3_ENDPOINT: 'http://127.0.0.1:9000' }), S3_BUCKET: undefined };
    const s3 = keep(archiveStoreFrom(endpoint, () => '/data/archive'));
    expect(s3).toBeInstanceOf(S3ArchiveStore);
    expect(s3.describe()).toBe('s3://gatehouse-usage at http://127.0.0.1:9000');

    const bucket = keep(archiveStoreFrom(env({ S3_BUCKET: 'finance-usage' }), () => '/data/archive'));
    expect(bucket.describe()).toBe('s3://finance-usage');
  });

  it('is the bucket for the usage-ledger service, endpoint or not', () => {
    expect(keep(s3ArchiveStoreFrom(env())).describe()).toBe('s3://gatehouse-usage');
  });

  it('refuses half a credential pair, naming the missing setting', () => {
    expect(() => s3ArchiveStoreFrom(env({ AWS_ACCESS_KEY_ID: 'id' }))).toThrow(ConfigError);
    expect(() => s3ArchiveStoreFrom(env({ AWS_SECRET_ACCESS_KEY: 'secret' }))).toThrow(/AWS_ACCESS_KEY_ID/);
    expect(keep(s3ArchiveStoreFrom(env({ AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 's' })))).toBeInstanceOf(
      S3ArchiveStore,
    );
  });
});

describe('archive settings', () => {
  it('default to a minute and ten thousand rows a batch, and refuse what cannot be scheduled', () => {
    expect(archiveSettings({})).toEqual({
      stream: 'usage',
      intervalSeconds: DEFAULT_ARCHIVE_INTERVAL_SECONDS,
      batchRows: DEFAULT_ARCHIVE_BATCH_ROWS,
    });
    expect([DEFAULT_ARCHIVE_INTERVAL_SECONDS, DEFAULT_ARCHIVE_BATCH_ROWS]).toEqual([60, 10_000]);
    expect(() => archiveSettings({ intervalSeconds: 0 })).toThrow(RangeError);
    expect(() => archiveSettings({ batchRows: 1.5 })).toThrow(RangeError);
  });
});
