import { ArchiveStore, LocalArchiveStore } from '@gatehouse/archive';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { SpendEventEntity } from '../src/repositories/spend-event.entity';
import { SpendEventArchiveRowV1 } from '../src/repositories/spend-event-archive.repository';

export type LedgerRow = Omit<SpendEventEntity, 'id'>;

export function ledgerRow(requestId: string, occurredAt: string, overrides: Partial<LedgerRow> = {}): LedgerRow {
  return {
    requestId,
    eventId: randomUUID(),
    occurredAt: new Date(occurredAt),
    principalKind: 'virtual_key',
    principalSubject: 'hash-1',
    keyAlias: 'ana-laptop',
    userId: 'ana',
    teamId: null,
    orgId: null,
    route: 'chat.completions',
    model: 'gpt-4o',
    deploymentId: 'gpt-4o-eu',
    provider: 'openai',
    providerModel: null,
    stream: false,
    status: 'success',
    httpStatus: 200,
    errorKind: null,
    attempts: 1,
    cacheHit: false,
    promptTokens: 11,
    completionTokens: 7,
    totalTokens: 18,
    cachedPromptTokens: 0,
    reasoningTokens: 0,
    costMicroUsd: '125',
    latencyMs: 12.5,
    timeToFirstTokenMs: null,
    ...overrides,
  };
}

/** A local store that also keeps every put it was asked for, and can be told to fail the next ones. */
export class RecordingStore extends ArchiveStore {
  readonly puts: { key: string; body: Buffer }[] = [];
  /** Fails every put once this many have succeeded (undefined: never), as an S3 outage would. */
  failAfter: number | undefined;

  constructor(readonly inner: LocalArchiveStore) {
    super();
  }

  async put(key: string, body: Buffer): Promise<void> {
    if (this.failAfter !== undefined && this.puts.length >= this.failAfter) throw new Error('S3 is down');
    await this.inner.put(key, body);
    this.puts.push({ key, body });
  }

  get(key: string): Promise<Buffer | undefined> {
    return this.inner.get(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }

  describe(): string {
    return this.inner.describe();
  }
}

/** Every archived row, object by object, decoded from gzip JSON Lines. */
export async function readArchive(
  store: ArchiveStore,
  prefix = 'usage/',
): Promise<Map<string, SpendEventArchiveRowV1[]>> {
  const objects = new Map<string, SpendEventArchiveRowV1[]>();
  for (const key of await store.list(prefix)) {
    const body = await store.get(key);
    if (!body) throw new Error(`listed ${key} but could not read it`);
    const lines = gunzipSync(body).toString('utf8').split('\n');
    expectEndsWithNewline(lines);
    objects.set(
      key,
      lines.slice(0, -1).map((line) => JSON.parse(line) as SpendEventArchiveRowV1),
    );
  }
  return objects;
}

function expectEndsWithNewline(lines: string[]): void {
  if (lines.at(-1) !== '') throw new Error('a JSON Lines object must end with a newline');
}

/** The archived ids in part order, so a row in two parts shows up twice. */
export function archivedIds(objects: Map<string, SpendEventArchiveRowV1[]>): string[] {
  return [...objects.values()].flatMap((rows) => rows.map((row) => row.id));
}
