import { GetObjectCommand, paginateListObjectsV2, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assertArchiveKey, assertArchivePrefix } from './archive-key';
import { ArchiveStore } from './archive-store';

export interface S3ArchiveStoreOptions {
  bucket: string;
  region: string;
  /** An S3-compatible server (MinIO, s3proxy, LocalStack); addressed path-style, bucket in the path. */
  endpoint?: string;
  /** Left out: the SDK's usual chain (environment, profile, container or instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Per request, so an unreachable S3 fails a run instead of holding it (and shutdown) open. */
const REQUEST_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 5_000;

/** The archive in an S3 bucket, each object under its key as given. */
export class S3ArchiveStore extends ArchiveStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly endpoint: string | undefined;

  constructor(options: S3ArchiveStoreOptions) {
    super();
    this.bucket = options.bucket;
    this.endpoint = options.endpoint;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.endpoint !== undefined,
      credentials: options.credentials,
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    });
  }

  async put(key: string, body: Buffer): Promise<void> {
    assertArchiveKey(key);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body }));
  }

  async get(key: string): Promise<Buffer | undefined> {
    assertArchiveKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (error) {
      if (isNamed(error, 'NoSuchKey')) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertArchivePrefix(prefix);
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    }
    // S3 lists in UTF-8 byte order; sorted here like the local store's listing.
    return keys.sort();
  }

  describe(): string {
    return this.endpoint ? `s3://${this.bucket} at ${this.endpoint}` : `s3://${this.bucket}`;
  }

  override close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}

function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === name;
}
