import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OpenedResponseCache } from '../redis-response-cache';
import type { ResponseCacheStore } from '../response-cache-store';

const TTL_MS = 60_000;
/** Short enough to wait out in real time; the wait leaves room for Redis' expiry and a slow machine. */
const SHORT_TTL_MS = 150;
const PAST_SHORT_TTL_MS = 300;

/**
 * The scenarios every `ResponseCacheStore` binding must pass. `open` is called before each scenario
 * and returns a store over fresh, empty state.
 */
export function describeResponseCacheContract(name: string, open: () => Promise<OpenedResponseCache>): void {
  describe(name, () => {
    let opened: OpenedResponseCache;
    let store: ResponseCacheStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(() => opened.close());

    it('returns a stored value byte for byte, whatever the bytes', async () => {
      const notUtf8 = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80]);
      const large = randomBytes(256 * 1024);
      await store.set('not-utf8', notUtf8, TTL_MS);
      await store.set('large', large, TTL_MS);
      expect(await store.get('not-utf8')).toEqual(notUtf8);
      expect(await store.get('large')).toEqual(large);
    });

    it('answers undefined for a key never stored', async () => {
      await store.set('present', Buffer.from('x'), TTL_MS);
      expect(await store.get('absent')).toBeUndefined();
    });

    it('serves an entry until its TTL passes, then no longer', async () => {
      await store.set('short', Buffer.from('brief'), SHORT_TTL_MS);
      await store.set('long', Buffer.from('lasting'), TTL_MS);
      expect(await store.get('short')).toEqual(Buffer.from('brief'));
      await sleep(PAST_SHORT_TTL_MS);
      expect(await store.get('short')).toBeUndefined();
      expect(await store.get('long')).toEqual(Buffer.from('lasting'));
    });

    it('replaces the value of a key set again', async () => {
      await store.set('key', Buffer.from('first'), TTL_MS);
      await store.set('key', Buffer.from('second'), TTL_MS);
      expect(await store.get('key')).toEqual(Buffer.from('second'));
    });
  });
}
