import { CreateBucketCommand, DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { Infra, startInfra } from '@gatehouse/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeArchiveStoreContract } from './contract/archive-store.contract';
import { LocalArchiveStore } from './local-archive-store';
import { S3ArchiveStore } from './s3-archive-store';

let infra: Infra;
let admin: S3Client;
let s3: S3ArchiveStore;
let local: LocalArchiveStore;
let directory: string;
// One prefix per run in the shared bucket, one folder below it per test.
const runPrefix = `archive-contract/${randomUUID()}/`;
let tests = 0;

beforeAll(async () => {
  infra = await startInfra();
  const { endpoint, region, bucket, accessKeyId, secretAccessKey } = infra.s3;
  admin = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  await admin.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
    const name = error instanceof Object && 'name' in error ? error.name : undefined;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  });
  s3 = new S3ArchiveStore({ bucket, region, endpoint, credentials: { accessKeyId, secretAccessKey } });
  directory = await mkdtemp(join(tmpdir(), 'gatehouse-archive-'));
  local = new LocalArchiveStore(directory);
});

afterAll(async () => {
  const leftovers = s3 ? await s3.list(runPrefix) : [];
  for (let i = 0; i < leftovers.length; i += 1000) {
    const Objects = leftovers.slice(i, i + 1000).map((Key) => ({ Key }));
    await admin.send(new DeleteObjectsCommand({ Bucket: infra.s3.bucket, Delete: { Objects } }));
  }
  await s3?.close();
  admin?.destroy();
  if (directory) await rm(directory, { recursive: true, force: true });
  await infra?.stop();
});

describeArchiveStoreContract('LocalArchiveStore in a temporary directory', () => ({
  store: local,
  prefix: `test-${++tests}/`,
}));

describeArchiveStoreContract('S3ArchiveStore against the S3-compatible server', () => ({
  store: s3,
  prefix: `${runPrefix}test-${++tests}/`,
}));

describe('S3ArchiveStore', () => {
  it('names its bucket and endpoint for logs', () => {
    expect(s3.describe()).toBe(`s3://${infra.s3.bucket} at ${infra.s3.endpoint}`);
    expect(new S3ArchiveStore({ bucket: 'usage', region: 'eu-west-1' }).describe()).toBe('s3://usage');
  });

  it('rejects a put when the bucket is missing, so the caller retries rather than records it written', async () => {
    const { endpoint, region, accessKeyId, secretAccessKey } = infra.s3;
    const missing = new S3ArchiveStore({
      bucket: `missing-${randomUUID()}`,
      region,
      endpoint,
      credentials: { accessKeyId, secretAccessKey },
    });
    try {
      await expect(missing.put(`${runPrefix}x`, Buffer.from('x'))).rejects.toThrow();
    } finally {
      await missing.close();
    }
  });
});
