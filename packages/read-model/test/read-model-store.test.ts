import { afterAll, describe, expect, it } from 'vitest';
import { createRedis, type Redis } from '@shopgraph/redis-client/redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { createReadModelStore } from '../src/read-model-store.js';
import { aShopDocument } from '../src/testing/a-shop-document.js';

const prefix = uniquePrefix('store');
const redis = createRedis(TEST_REDIS_URL, 'read-model');
const store = createReadModelStore({ redis, prefix });
const v = (shop: number, owner: number, reviews: number, deleted = false) => ({ shop, owner, reviews, deleted });

afterAll(async () => {
  redis.disconnect();
  await deleteKeysWithPrefix(prefix);
});

describe('versioned writes', () => {
  it('skips the same versions over a document that is there, and announces nothing, unless forced', async () => {
    const announced: string[] = [];
    const subscriber = createRedis(TEST_REDIS_URL, 'worker') as Redis;
    try {
      await subscriber.subscribe(`${prefix}:shop-changed`);
      subscriber.on('message', (_channel: string, message: string) => announced.push(message.split(' ')[0]!));
      expect(await store.write('9', aShopDocument({ id: '9', name: 'first' }), v(2, 1, 1))).toBe('written');
      // A rebuild of an unchanged shop: nothing written, nothing to evict.
      expect(await store.writeMany([{ id: '9', document: aShopDocument({ id: '9', name: 'again' }), versions: v(2, 1, 1) }])).toEqual(['stale']);
      expect((await store.get('9'))?.name).toBe('first');
      // An operator's forced rebuild overwrites a document that drifted under the same versions.
      expect(await store.writeMany([{ id: '9', document: aShopDocument({ id: '9', name: 'fixed' }), versions: v(2, 1, 1) }], { force: true })).toEqual(['written']);
      expect((await store.get('9'))?.name).toBe('fixed');
      // The same versions with the document gone (deleted by hand, lost): written again.
      await redis.del(store.documentKey('9'));
      expect(await store.write('9', aShopDocument({ id: '9', name: 'restored' }), v(2, 1, 1))).toBe('written');
      // A last write of another shop: every announcement before it has arrived once it has.
      await store.write('10', aShopDocument({ id: '10' }), v(1, 1, 1));
      await waitFor(() => announced.includes('10'), { what: 'the last announcement' });
      expect(announced).toEqual(['9', '9', '9', '10']);
    } finally {
      subscriber.disconnect();
    }
  });

  it('never lets an older state overwrite a newer one', async () => {
    expect(await store.write('1', aShopDocument({ id: '1', name: 'v5' }), v(5, 1, 2))).toBe('written');
    expect(await store.write('1', aShopDocument({ id: '1', name: 'v4' }), v(4, 1, 2))).toBe('stale');
    expect(await store.write('1', aShopDocument({ id: '1', name: 'old reviews' }), v(5, 1, 1))).toBe('stale');
    expect((await store.get('1'))?.name).toBe('v5');
    expect(await store.write('1', aShopDocument({ id: '1', name: 'renamed owner' }), v(5, 2, 2))).toBe('written');
    expect((await store.get('1'))?.name).toBe('renamed owner');
  });

  it('reports incomparable states as a conflict and keeps what is stored', async () => {
    await store.write('2', aShopDocument({ id: '2', name: 'a' }), v(5, 1, 3));
    expect(await store.write('2', aShopDocument({ id: '2', name: 'b' }), v(6, 1, 2))).toBe('conflict');
    expect((await store.get('2'))?.name).toBe('a');
  });

  it('makes deletion final: a late live state cannot resurrect the shop', async () => {
    await store.write('3', aShopDocument({ id: '3' }), v(3, 1, 0));
    expect(await store.write('3', null, v(4, 0, 0, true))).toBe('written');
    expect(await store.get('3')).toBeNull();
    expect(await store.write('3', aShopDocument({ id: '3' }), v(3, 9, 9))).toBe('stale');
    expect(await store.get('3')).toBeNull();
    expect(await store.versions('3')).toEqual(v(4, 0, 0, true));
    expect(await redis.ttl(store.versionsKey('3'))).toBeGreaterThan(0);
  });

  it('answers many ids with one MGET, in order, null for missing', async () => {
    await store.write('10', aShopDocument({ id: '10' }), v(1, 1, 0));
    await store.write('11', aShopDocument({ id: '11' }), v(1, 1, 0));
    const raws = await store.getRaw(['11', '404', '10']);
    expect(raws.map((raw) => (raw ? JSON.parse(raw).id : null))).toEqual(['11', null, '10']);
  });
});

describe('why a shop has no document', () => {
  it('tells a shop that does not exist from one whose document is lost or being rebuilt, and queues the lost ones', async () => {
    await store.write('20', aShopDocument({ id: '20' }), v(1, 1, 0));
    await store.write('21', null, v(2, 0, 0, true));
    await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops: 1 });
    expect(await redis.del(store.documentKey('20'))).toBe(1); // the document alone, as `DEL <prefix>:shop:*` does
    expect(await store.whyMissing(['20', '21', '404'])).toEqual(['lost', 'absent', 'absent']);
    expect(await store.whyMissing(['20'])).toEqual(['lost']); // asked twice, queued once
    expect(await store.takeRepairRequests(10)).toEqual(['20']);
    expect(await store.takeRepairRequests(10)).toEqual([]);
    // Lost whole: without the marker, no absence proves anything.
    await redis.del(store.generationKey, store.versionsKey('20'));
    expect(await store.whyMissing(['20', '21', '404'])).toEqual(['rebuilding', 'absent', 'rebuilding']);
  });
});
