import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '@shopgraph/kit/redis';
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
