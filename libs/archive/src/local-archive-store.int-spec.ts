import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArchiveKey } from './archive-key';
import { LocalArchiveStore } from './local-archive-store';

/** Every file under `folder`, as paths relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

describe('LocalArchiveStore', () => {
  let parent: string;
  let directory: string;
  let store: LocalArchiveStore;

  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'gatehouse-archive-local-'));
    directory = join(parent, 'archive');
    store = new LocalArchiveStore(directory);
  });

  afterEach(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('keeps each object at <directory>/<key>, the bucket layout, and nothing else', async () => {
    const key = 'usage/dt=2026-03-01/hour=09/0000000000000000001-0000000000000000002.jsonl.gz';
    await store.put(key, Buffer.from('rows'));
    await store.put(key, Buffer.from('rows again'));
    expect(await filesUnder(directory)).toEqual([key]);
    expect(await readFile(join(directory, key), 'utf8')).toBe('rows again');
    expect(store.describe()).toBe(`directory ${directory}`);
  });

  it('does not list the temporary file a writer that died mid-put left behind', async () => {
    await mkdir(join(directory, 'usage'), { recursive: true });
    await writeFile(join(directory, 'usage', '.part.jsonl.gz.0a1b2c.tmp'), 'half an obj');
    await store.put('usage/whole', Buffer.from('whole'));
    expect(await store.list('')).toEqual(['usage/whole']);
  });

  it('writes nothing outside its directory, whatever the key', async () => {
    for (const key of ['../outside', 'a/../../outside', '/tmp/outside']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(InvalidArchiveKey);
    }
    expect(await readdir(parent)).toEqual([]);
  });

  it('answers undefined for a key that is a folder of other objects', async () => {
    await store.put('usage/dt=2026-03-01/hour=09/part.jsonl.gz', Buffer.from('x'));
    expect(await store.get('usage/dt=2026-03-01')).toBeUndefined();
    expect(await store.get('usage/dt=2026-03-01/hour=09/part.jsonl.gz/deeper')).toBeUndefined();
  });
});
