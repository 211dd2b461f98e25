import OpenAI from 'openai';
import { FakeUpstream, startFakeUpstream, FAKE_UPSTREAM_KEY, TEST_MASTER_KEY } from '@gatehouse/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { embeddedConfig, npmStart, NpmStart, npmStartSetup, NpmStartSetup } from './npm-start';

/** Where Postgres, Redis, Kafka and the S3 server listen by default: the embedded gateway must reach none. */
const INFRA_PORTS = ['5432', '6379', '9092', '9000'];

interface KeyInfo {
  info: { spend: number; max_budget: number | null };
}

async function admin<T>(gateway: NpmStart, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function keySpend(gateway: NpmStart, key: string): Promise<number> {
  const { info } = await admin<KeyInfo>(gateway, 'GET', `/key/info?key=${encodeURIComponent(key)}`);
  return info.spend;
}

/** Polls a condition the gateway reaches in the background (spend lands a fraction of a second later). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The archive's object keys, as S3 would list them. */
function archivedParts(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.jsonl.gz'))
      .map((entry) => relative(root, join(entry.parentPath, entry.name)))
      .sort();
  } catch {
    return [];
  }
}

describe('npm start on a machine with nothing but Node (embedded defaults)', () => {
  let upstream: FakeUpstream;
  let setup: NpmStartSetup;
  let gateway: NpmStart;
  let key: string;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ apiKey: FAKE_UPSTREAM_KEY });
    setup = npmStartSetup(embeddedConfig(upstream.baseUrl));
    gateway = await npmStart(setup);
  });

  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
  });

  it('says where it listens, which config it loaded and that every backend is embedded', () => {
    const screen = gateway.output();
    expect(screen).toContain(`is up at ${gateway.url}`);
    expect(screen).toContain(`config    ${setup.configPath}`);
    expect(screen).toMatch(/database +embedded \(PGlite in .*data\/db\)/);
    expect(screen).toMatch(/limits +embedded/);
    expect(screen).toMatch(/events +embedded \(journal in .*data\/events\)/);
    expect(screen).toMatch(/archive +embedded \(directory .*data\/archive\)/);
  });

  it('runs the gateway with a bounded young generation and WebAssembly compiled by Liftoff only', () => {
    const argv = readFileSync(`/proc/${gateway.gatewayPid()}/cmdline`, 'utf8').split('\0');
    expect(argv).toEqual(expect.arrayContaining(['--max-semi-space-size=16', '--liftoff-only']));
  });

  it('chats and streams through the openai SDK with a key made by /key/generate', async () => {
    ({ key } = await admin<{ key: string }>(gateway, 'POST', '/key/generate', {
      key_alias: 'laptop',
      max_budget: 10,
    }));
    const client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello from a bare laptop' }],
    });
    expect(completion.choices[0].message.content).toContain('hello from a bare laptop');
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream to a bare laptop' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toContain('stream to a bare laptop');
  });

  it('keeps the key and its spend across a restart', async () => {
    const spent = await eventually(
      () => keySpend(gateway, key),
      (spend) => spend > 0,
    );
    expect(spent).toBeGreaterThan(0);
    expect(await gateway.stop()).toBe(0);

    gateway = await npmStart(setup);
    expect(await keySpend(gateway, key)).toBe(spent);
    const client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const again = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'still here' }],
    });
    expect(again.choices[0].message.content).toContain('still here');
    expect(
      await eventually(
        () => keySpend(gateway, key),
        (spend) => spend > spent,
      ),
    ).toBeGreaterThan(spent);
  });

  it('archives the ledger into the data directory in the S3 layout', async () => {
    // The archiver's first run, at start, takes what the ledger held before the restart.
    const parts = await eventually(
      () => Promise.resolve(archivedParts(join(setup.dataDir, 'archive'))),
      (found) => found.length > 0,
    );
    expect(parts[0]).toMatch(/^usage\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/\d{19}-\d{19}\.jsonl\.gz$/);
    const rows = gunzipSync(readFileSync(join(setup.dataDir, 'archive', parts[0])))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { key_alias: string | null; status: string });
    expect(rows.filter((row) => row.key_alias === 'laptop' && row.status === 'success').length).toBeGreaterThan(0);
  });

  it('refuses a second process on the same data directory, naming it', async () => {
    await expect(npmStart(setup, 15_000)).rejects.toThrow(/another Gatehouse \(pid \d+\) is using the data directory/);
    const client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'the first one still serves' }],
    });
    expect(completion.choices[0].message.content).toContain('the first one still serves');
  });

  it('opened no connection to Postgres, Redis, Kafka or S3, only to the upstream', () => {
    const connections = gateway.connections();
    const upstreamPort = new URL(upstream.baseUrl).port;
    expect(connections.some((address) => address.endsWith(`:${upstreamPort}`))).toBe(true);
    expect(connections.filter((address) => INFRA_PORTS.includes(address.split(':').at(-1)!))).toEqual([]);
  });
});
