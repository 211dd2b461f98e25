import { randomBytes } from 'node:crypto';
import { archiveKey, InvalidArchiveKey } from '../archive-key';
import { ArchiveStore } from '../archive-store';

/** A store to run the contract against, and a prefix of its own under which every key goes. */
export interface ArchiveStoreFixture {
  store: ArchiveStore;
  prefix: string;
}

const INVALID_KEYS = ['', '/absolute', '../escape', 'a/../../escape', 'a//b', 'a/./b', 'a/.hidden', 'a\\b', 'a/b/'];

/** What every binding of `ArchiveStore` does alike; `open` runs before each test. */
export function describeArchiveStoreContract(name: string, open: () => ArchiveStoreFixture): void {
  describe(`ArchiveStore contract: ${name}`, () => {
    let store: ArchiveStore;
    let prefix: string;

    beforeEach(() => {
      ({ store, prefix } = open());
    });

    it('answers undefined for a key nothing was put under', async () => {
      expect(await store.get(`${prefix}missing.jsonl.gz`)).toBeUndefined();
      expect(await store.list(`${prefix}`)).toEqual([]);
    });

    it('gives back exactly the bytes put, every byte value and an empty body included', async () => {
      const everyByte = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
      await store.put(`${prefix}binary`, everyByte);
      await store.put(`${prefix}empty`, Buffer.alloc(0));
      expect(await store.get(`${prefix}binary`)).toEqual(everyByte);
      expect(await store.get(`${prefix}empty`)).toEqual(Buffer.alloc(0));
    });

    it('replaces an object put again under the same key', async () => {
      await store.put(`${prefix}again`, Buffer.from('first, and longer than the second'));
      await store.put(`${prefix}again`, Buffer.from('second'));
      expect((await store.get(`${prefix}again`))?.toString()).toBe('second');
      expect(await store.list(prefix)).toEqual([`${prefix}again`]);
    });

    it('lists the keys under a string prefix, nested ones too, in ascending order', async () => {
      const keys = ['b/2', 'a/1', 'a/10/x', 'a/1x', 'ab', 'c'].map((key) => `${prefix}${key}`);
      for (const key of keys) await store.put(key, Buffer.from(key));
      expect(await store.list(prefix)).toEqual([...keys].sort());
      expect(await store.list(`${prefix}a/1`)).toEqual([`${prefix}a/1`, `${prefix}a/10/x`, `${prefix}a/1x`]);
      expect(await store.list(`${prefix}a/`)).toEqual([`${prefix}a/1`, `${prefix}a/10/x`, `${prefix}a/1x`]);
      expect(await store.list(`${prefix}a`)).toEqual([
        `${prefix}a/1`,
        `${prefix}a/10/x`,
        `${prefix}a/1x`,
        `${prefix}ab`,
      ]);
      expect(await store.list(`${prefix}nothing/`)).toEqual([]);
    });

    it('keeps the archive layout keys as they are', async () => {
      const key = `${prefix}${archiveKey('usage', new Date('2026-03-01T23:59:59.999Z'), '0001-0002')}`;
      const body = randomBytes(2 * 1024 * 1024);
      await store.put(key, body);
      expect(await store.list(`${prefix}usage/dt=2026-03-01/hour=23/`)).toEqual([key]);
      expect((await store.get(key))?.equals(body)).toBe(true);
    });

    it('lands every one of several puts made at once', async () => {
      const keys = Array.from({ length: 8 }, (_, i) => `${prefix}parallel/${i}`);
      await Promise.all(keys.map((key) => store.put(key, Buffer.from(key))));
      expect(await store.list(`${prefix}parallel/`)).toEqual(keys);
      for (const key of keys) expect((await store.get(key))?.toString()).toBe(key);
    });

    it.each(INVALID_KEYS)('refuses the key %j for put and get, writing nothing', async (key) => {
      const scoped = key.startsWith('/') || key === '' ? key : `${prefix}${key}`;
      await expect(store.put(scoped, Buffer.from('x'))).rejects.toThrow(InvalidArchiveKey);
      await expect(store.get(scoped)).rejects.toThrow(InvalidArchiveKey);
      expect(await store.list(prefix)).toEqual([]);
    });

    it('refuses a listing prefix that a key could not start with', async () => {
      for (const bad of ['/absolute', '../', 'a//', `${prefix}.hidden`]) {
        await expect(store.list(bad)).rejects.toThrow(InvalidArchiveKey);
      }
    });
  });
}
