import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis, type RedisClient } from '@shopgraph/redis-client/redis';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { loadConfig as loadDisplayConfig, startDisplaySubgraph } from '@shopgraph/display-subgraph';
import { createReadModelStore, type ReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';
import { dataOf, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import type { RunningGateway } from '../src/create-gateway.js';
import { startTestGateway } from './test-gateway.js';
import { sha256Hex } from '../src/customer-reads/cache-key.js';
import { createAuthTokens } from '@shopgraph/identity/auth-token';

/** The bound the product promises: a changed shop is never served stale for longer. */
const STALENESS_BOUND_MS = 50;
const SHOP = 'query Shop($id: ID!) { shop(id: $id) { id name sourceVersion } }';
const SHOPS = 'query Shops($ids: [ID!]!) { shops(ids: $ids) { id name } }';
const JWT_SECRET = 'response-cache-test-jwt-secret';

// A Redis of this file's own: one test stops it to cut the change subscription.
let redis: PrivateRedis;
let client: RedisClient;
let store: ReadModelStore;
let display: GraphQLService;
let gateway: RunningGateway;
const versions = new Map<string, number>();

async function writeShop(id: string, name: string): Promise<void> {
  const version = (versions.get(id) ?? 0) + 1;
  versions.set(id, version);
  const result = await store.write(id, aShopDocument({ id, name, sourceVersion: version }), { shop: version, owner: 1, reviews: 0, deleted: false });
  expect(result).toBe('written');
}

const read = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  graphqlRequest<Record<string, any>>(gateway.graphqlUrl, query, variables, headers);

beforeAll(async () => {
  redis = await startPrivateRedis();
  client = createRedis(redis.url, 'read-model');
  store = createReadModelStore({ redis: client, prefix: 'cachetest' });
  // A whole read model, as a rebuild leaves it: an unknown shop is then null, not "being rebuilt".
  await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops: 0 });
  const silent = createLogger('test', 'silent');
  display = await startDisplaySubgraph(
    loadDisplayConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: redis.url, READ_MODEL_PREFIX: 'cachetest' }),
    silent,
  );
  // No load shedding: on a busy 2-core machine the shedder refused readers 503, which this file's
  // answers (hits, misses, freshness) are not about.
  gateway = await startTestGateway({
    DISPLAY_URL: display.graphqlUrl,
    READ_MODEL_REDIS_URL: redis.url,
    READ_MODEL_PREFIX: 'cachetest',
    THROTTLE_PREFIX: 'cachetest',
    JWT_SECRET,
    GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0',
  });
  await waitFor(() => gateway.responseCache?.enabled || null, { what: 'the response cache to subscribe' });
  for (const id of ['1', '2', '3']) await writeShop(id, `shop ${id}`);
});

afterAll(async () => {
  await gateway?.close();
  await display?.close();
  client?.disconnect();
  await redis?.stop();
});

describe('the gateway response cache', () => {
  it('answers a repeated customer read from the cache, byte for byte', async () => {
    const first = await read(SHOP, { id: '1' });
    const second = await read(SHOP, { id: '1' });
    expect(first.headers.get('x-shopgraph-cache')).toBe('miss');
    expect(second.headers.get('x-shopgraph-cache')).toBe('hit');
    expect(second.data).toEqual(first.data);
    expect(dataOf(second).shop).toMatchObject({ id: '1', name: 'shop 1' });
  });

  it(`never serves a changed shop stale for more than ${STALENESS_BOUND_MS} ms after the read model changed, even under concurrent reads`, async () => {
    // Readers hammer shop 2 (hits, misses and stores racing the evictions) while it changes
    // 30 times; each reading records when it was asked and what it saw.
    const seen: { askedAt: number; version: number }[] = [];
    let reading = true;
    const reader = async () => {
      while (reading) {
        const askedAt = performance.now();
        const response = await read(SHOP, { id: '2' });
        seen.push({ askedAt, version: dataOf(response).shop.sourceVersion });
      }
    };
    const readers = Array.from({ length: 6 }, reader);
    const changes: { doneAt: number; version: number }[] = [];
    for (let i = 0; i < 30; i += 1) {
      await writeShop('2', `shop 2 change ${i}`);
      const change = { doneAt: performance.now(), version: versions.get('2')! };
      changes.push(change);
      // Let the readers see it before the next change.
      await waitFor(() => seen.some((s) => s.askedAt > change.doneAt && s.version === change.version) || null, { what: `version ${change.version}` });
    }
    reading = false;
    await Promise.all(readers);

    // Every read asked later than the bound after a change must show that change (or a later one).
    const stale = seen.filter(({ askedAt, version }) => changes.some((c) => askedAt > c.doneAt + STALENESS_BOUND_MS && version < c.version));
    expect(stale).toEqual([]);
    expect(seen.length).toBeGreaterThan(changes.length * 6);
    expect(gateway.responseCache!.stats().hits).toBeGreaterThan(0); // the cache was really in play
  });

  it('evicts a bulk read when any one of its shops changes', async () => {
    await read(SHOPS, { ids: ['1', '3'] });
    expect((await read(SHOPS, { ids: ['1', '3'] })).headers.get('x-shopgraph-cache')).toBe('hit');
    await writeShop('3', 'shop 3 renamed');
    await waitFor(async () => {
      const response = await read(SHOPS, { ids: ['1', '3'] });
      return dataOf(response).shops[1].name === 'shop 3 renamed' || null;
    }, { timeoutMs: STALENESS_BOUND_MS * 4, what: 'the renamed shop in the bulk read' });
  });

  it('answers a listing never asked before from the shops other listings brought in, in its order, as the subgraph would', async () => {
    for (const id of ['11', '12', '13']) await writeShop(id, `shop ${id}`);
    expect((await read(SHOPS, { ids: ['11', '12'] })).headers.get('x-shopgraph-cache')).toBe('miss');
    expect((await read(SHOPS, { ids: ['13'] })).headers.get('x-shopgraph-cache')).toBe('miss');
    const assembled = await read(SHOPS, { ids: ['13', '11'] });
    expect(assembled.headers.get('x-shopgraph-cache')).toBe('hit');
    expect(assembled.data).toEqual((await read(SHOPS, { ids: ['13', '11'] }, { 'cache-control': 'no-cache' })).data);
    expect(dataOf(assembled).shops.map((shop: { name: string }) => shop.name)).toEqual(['shop 13', 'shop 11']);
    // One shop's change reaches every listing that shows it.
    await writeShop('11', 'shop 11 renamed');
    await waitFor(async () => (dataOf(await read(SHOPS, { ids: ['12', '11'] })).shops[1].name === 'shop 11 renamed') || null, {
      timeoutMs: STALENESS_BOUND_MS * 4,
      what: 'the renamed shop in another listing',
    });
  });

  it('never makes up from pieces an answer the subgraph would not give: a repeated id, more shops than any answer showed', async () => {
    for (const id of ['14', '15', '16']) await writeShop(id, `shop ${id}`);
    for (const ids of [['14', '15'], ['16']]) await read(SHOPS, { ids });
    const repeated = await read(SHOPS, { ids: ['14', '14'] });
    expect(repeated.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(repeated.headers.get('x-shopgraph-cache')).toBe('miss');
    // Every piece is there, but no answer of this operation has shown three shops yet.
    expect((await read(SHOPS, { ids: ['14', '15', '16'] })).headers.get('x-shopgraph-cache')).toBe('miss');
    expect((await read(SHOPS, { ids: ['16', '15', '14'] })).headers.get('x-shopgraph-cache')).toBe('hit');
  });

  it('evicts a "no such shop" answer when the shop appears', async () => {
    expect(dataOf(await read(SHOP, { id: '77' })).shop).toBeNull();
    expect((await read(SHOP, { id: '77' })).headers.get('x-shopgraph-cache')).toBe('hit');
    await writeShop('77', 'a new shop');
    await waitFor(async () => (dataOf(await read(SHOP, { id: '77' })).shop?.name === 'a new shop') || null, {
      timeoutMs: STALENESS_BOUND_MS * 4,
      what: 'the new shop',
    });
  });

  it('caches only customer shop reads, never errors, and not for requests that opt out', async () => {
    const search = await read('{ searchShops(query: "shop", first: 5) { totalCount } }', {});
    expect(search.headers.get('x-shopgraph-cache')).toBeNull();
    for (let i = 0; i < 2; i += 1) {
      const failed = await read('{ shop(id: "1") { id } searchShops(query: "x", first: 1) { totalCount } }', {});
      expect(failed.errors?.length).toBeGreaterThan(0);
      expect(failed.headers.get('x-shopgraph-cache')).toBeNull(); // not a cacheable operation
      const tooMany = await read(SHOPS, { ids: Array.from({ length: 200 }, (_, n) => String(n)) });
      expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(tooMany.headers.get('x-shopgraph-cache')).toBe('miss'); // an error: executed every time
    }
    await read(SHOP, { id: '1' });
    expect((await read(SHOP, { id: '1' }, { 'cache-control': 'no-cache' })).headers.get('x-shopgraph-cache')).toBe('miss');
  });

  it('answers automatic persisted queries (hash only) from the same entries as full queries', async () => {
    const hash = sha256Hex(SHOP);
    const post = async (body: Record<string, unknown>) => {
      const response = await fetch(gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { cache: response.headers.get('x-shopgraph-cache'), body: (await response.json()) as { data?: { shop: { name: string } } } };
    };
    const persisted = { persistedQuery: { version: 1, sha256Hash: hash } };
    await writeShop('5', 'shop 5');
    // The write's announcement reaches the gateway on its own connection: if it lands while the
    // first read is under way, that answer is rightly not stored (it may predate the write), and
    // the hash misses once. So the pair is sent again until the full query's answer is stored.
    const { registered, byHash } = await waitFor(
      async () => {
        const registered = await post({ query: SHOP, variables: { id: '5' }, extensions: persisted });
        const byHash = await post({ variables: { id: '5' }, extensions: persisted });
        return byHash.cache === 'hit' ? { registered, byHash } : undefined;
      },
      { what: 'a read by hash answered from the full query’s entry' },
    );
    expect(registered.body.data?.shop.name).toBe('shop 5');
    expect(byHash).toEqual({ cache: 'hit', body: registered.body });
    await writeShop('5', 'shop 5 renamed');
    await waitFor(async () => (await post({ variables: { id: '5' }, extensions: persisted })).body.data?.shop.name === 'shop 5 renamed' || null, {
      timeoutMs: STALENESS_BOUND_MS * 4,
      what: 'the renamed shop by hash',
    });
  });

  it('answers reads that differ only in undeclared variables from one entry, so padding them fills no memory', async () => {
    // The attack of issue 17: each request a new ~96 KB undeclared variable, which GraphQL ignores.
    const PAD = 'query Pad($id: ID!) { shop(id: $id) { id } }';
    const before = gateway.responseCache!.stats();
    const caches: (string | null)[] = [];
    for (let n = 0; n < 40; n += 1) {
      const pad = `${n}:`.padEnd(96 * 1024, 'p');
      const response = await read(PAD, { id: '987654321', pad });
      expect(dataOf(response).shop).toBeNull();
      caches.push(response.headers.get('x-shopgraph-cache'));
    }
    expect(caches.slice(1)).toEqual(Array.from({ length: 39 }, () => 'hit'));
    const after = gateway.responseCache!.stats();
    expect(after.entries - before.entries).toBeLessThanOrEqual(1);
    expect(after.bytes - before.bytes).toBeLessThan(4096);
  });

  it('never stores nor serves from the cache an answer to a request carrying credentials', async () => {
    const owner = `Bearer ${await createAuthTokens(JWT_SECRET).issue('owner-of-nothing')}`;
    await writeShop('4', 'shop 4');
    for (const authorization of [owner, 'Bearer not-a-token']) {
      expect((await read(SHOP, { id: '4' }, { authorization })).headers.get('x-shopgraph-cache')).toBe('bypass');
    }
    // Had the owner's answer been stored, this would be a hit.
    expect((await read(SHOP, { id: '4' })).headers.get('x-shopgraph-cache')).toBe('miss');
    expect((await read(SHOP, { id: '4' })).headers.get('x-shopgraph-cache')).toBe('hit');
    const asOwner = await read(SHOP, { id: '4' }, { authorization: owner });
    expect(asOwner.headers.get('x-shopgraph-cache')).toBe('bypass');
    expect(dataOf(asOwner).shop).toMatchObject({ id: '4', name: 'shop 4' });
  });

  it('turns itself off when the change subscription is lost, and back on when it returns', async () => {
    await read(SHOP, { id: '1' });
    expect((await read(SHOP, { id: '1' })).headers.get('x-shopgraph-cache')).toBe('hit');
    await redis.stop();
    await waitFor(() => !gateway.responseCache!.enabled || null, { what: 'the cache to turn off' });
    // Changes made now would never be announced to this gateway: nothing cached may be served.
    expect((await read(SHOP, { id: '1' })).headers.get('x-shopgraph-cache')).not.toBe('hit');
    await redis.start();
    await waitFor(() => gateway.responseCache!.enabled || null, { timeoutMs: 15_000, what: 'the cache to turn on again' });
    await writeShop('1', 'shop 1 after the outage'); // the restarted Redis is empty
    await waitFor(async () => (dataOf(await read(SHOP, { id: '1' })).shop?.name === 'shop 1 after the outage') || null, {
      what: 'the shop written after the outage',
    });
  });
});
