import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorRedis } from '@shopgraph/testing/redis-monitor';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { dataOf, errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../src/config.js';
import { startDisplaySubgraph } from '../src/start-display-subgraph.js';
import { createReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';

const prefix = uniquePrefix('display');
const redis = createRedis(TEST_REDIS_URL, 'read-model');
const store = createReadModelStore({ redis, prefix });
let display: GraphQLService;
const config = loadConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: TEST_REDIS_URL, READ_MODEL_PREFIX: prefix });
/** As the gateway calls for a customer: signed anonymous. */
const query = async (q: string, variables: Record<string, unknown> = {}) =>
  graphqlRequest(display.graphqlUrl, q, variables, { [IDENTITY_HEADER]: await createIdentityCodec(config.internalTokenSecret).sign(ANONYMOUS, 'display') });
const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

beforeAll(async () => {
  display = await startDisplaySubgraph(config, createLogger('display', 'silent'));
  for (const id of ['1', '2', '3']) {
    await store.write(id, aShopDocument({ id, name: `shop ${id}`, sourceVersion: Number(id) }), { shop: 1, owner: 1, reviews: 0, deleted: false });
  }
  // A whole read model (as a keeper's rebuild leaves it): without the marker, a missing shop is "being rebuilt", not null.
  await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops: 3 });
});

afterAll(async () => {
  await display?.close();
  redis.disconnect();
  await deleteKeysWithPrefix(prefix);
});

describe('shop and shops', () => {
  it('answers every Shop field from the document', async () => {
    const shop = dataOf(
      await query(`{ shop(id: "1") { id name category description phone address status minOrderAmount deliveryTip
        openingHours { day opens closes } notice ownerName menu { id name price soldOut popular } promotions { id }
        rating { average count } recentReviews { id } sourceVersion updatedAt projectedAt } }`),
    ).shop;
    expect(shop).toMatchObject({ id: '1', name: 'shop 1', category: 'CHICKEN', status: 'OPEN', ownerName: '김민준', sourceVersion: 1, rating: { average: 4.5, count: 2 } });
    expect(shop.menu).toHaveLength(1);
  });

  it('answers null for unknown and malformed ids', async () => {
    expect(dataOf(await query(`{ a: shop(id: "404") { id } b: shop(id: "not-an-id") { id } }`))).toEqual({ a: null, b: null });
  });

  it('keeps the order of ids with null for unknown ones', async () => {
    const shops = dataOf(await query(`{ shops(ids: ["3", "404", "1", "x"]) { id } }`)).shops;
    expect(shops).toEqual([{ id: '3' }, null, { id: '1' }, null]);
  });

  it('refuses more than 100 ids with BAD_USER_INPUT on ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(i + 1));
    const response = await query(`query($ids: [ID!]!) { shops(ids: $ids) { id } }`, { ids });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe('ids');
    const hundred = await query(`query($ids: [ID!]!) { shops(ids: $ids) { id } }`, { ids: ids.slice(0, 100) });
    expect(dataOf(hundred).shops).toHaveLength(100);
  });

  it('refuses a request asking for more than 100 shops in all fields, aliases and entities together', async () => {
    // Each field within its own limit; a request reaching the display subgraph directly
    // (not through the gateway's budget) is bounded all the same.
    const sixty = (from: number) => Array.from({ length: 60 }, (_, i) => String(from + i));
    const aliased = await query(`query($a: [ID!]!, $b: [ID!]!) { a: shops(ids: $a) { id } b: shops(ids: $b) { id } }`, { a: sixty(1), b: sixty(61) });
    expect(errorCode(aliased)).toBe('BAD_USER_INPUT');
    expect(aliased.errors?.[0]?.message).toMatch(/at most 100 shops per request/);
    const representations = Array.from({ length: 101 }, (_, i) => ({ __typename: 'Shop', id: String(i + 1) }));
    const entities = await query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Shop { id } } }`, { r: representations });
    expect(errorCode(entities)).toBe('BAD_USER_INPUT');
    const within = await query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Shop { id } } }`, { r: representations.slice(0, 100) });
    expect(dataOf(within)._entities).toHaveLength(100);
  });

  // On a Redis Cluster (the cluster run sets TEST_REDIS_CLUSTER) an MGET cannot span slots:
  // cluster.test.ts counts the per-node pipelines instead.
  it.skipIf(process.env.TEST_REDIS_CLUSTER)('costs one Redis round trip (one MGET) however many shops a request touches, and one more for those missing', async () => {
    const monitor = await monitorRedis(TEST_REDIS_URL, (args) => args.some((arg) => arg.startsWith(`${prefix}:`)));
    const { commands } = monitor;
    try {
      await query(`{ shops(ids: ["1", "2", "3", "404"]) { id } a: shop(id: "2") { name } b: shop(id: "3") { name } }`);
      await waitFor(() => commands.length >= 3);
      // The documents; then, for the one missing, its versions and the generation marker (is it absent, or lost?).
      expect(commands.map((args) => args[0]!.toLowerCase())).toEqual(['mget', 'mget', 'exists']);
      expect(commands[0]!.slice(1)).toHaveLength(4); // the loader also de-duplicates ids
      expect(commands[1]!.slice(1)).toEqual([`${prefix}:shopv:{404}`]);
    } finally {
      monitor.stop();
    }
  });
});

describe('promotions at query time', () => {
  it('shows only the promotions running now, without any event', async () => {
    await store.write(
      '5',
      aShopDocument({
        id: '5',
        promotions: [
          { id: 'ended', title: 'ended', description: null, startsAt: hours(-2), endsAt: hours(-1) },
          { id: 'running', title: 'running', description: null, startsAt: hours(-1), endsAt: hours(1) },
          { id: 'scheduled', title: 'scheduled', description: null, startsAt: hours(1), endsAt: hours(2) },
          { id: 'ending', title: 'ending', description: null, startsAt: hours(-1), endsAt: new Date(Date.now() + 300).toISOString() },
        ],
      }),
      { shop: 1, owner: 1, reviews: 0, deleted: false },
    );
    const ids = async () => dataOf(await query(`{ shop(id: "5") { promotions { id } } }`)).shop.promotions.map((p: { id: string }) => p.id);
    expect(await ids()).toEqual(['running', 'ending']);
    await waitFor(async () => !(await ids()).includes('ending'), { what: 'the ending promotion to disappear' });
    expect(await ids()).toEqual(['running']);
  });
});

describe('known reads', () => {
  /** Reads answered by compiled code so far (the subgraph's own metric). */
  const compiledReads = async () => {
    const text = await (await fetch(`${display.url}/metrics`)).text();
    return Number(/^shopgraph_compiled_operations_total\{service="display"\} (\d+)/m.exec(text)?.[1] ?? 0);
  };

  it('answers a read seen before from compiled code, as Apollo Server did, the clock included', async () => {
    const starts = hours(1);
    await store.write(
      '6',
      aShopDocument({
        id: '6',
        promotions: [
          { id: 'running', title: 'running', description: null, startsAt: hours(-1), endsAt: hours(2) },
          { id: 'scheduled', title: 'scheduled', description: null, startsAt: starts, endsAt: hours(3) },
        ],
      }),
      { shop: 1, owner: 1, reviews: 0, deleted: false },
    );
    const read = `query Known($ids: [ID!]!) { shops(ids: $ids) { id name promotions { id startsAt } rating { average } updatedAt } }`;
    const before = await compiledReads();
    const first = await query(read, { ids: ['6', '404', '1'] });
    const second = await query(read, { ids: ['6', '404', '1'] });
    expect(await compiledReads()).toBe(before + 1);
    expect(second.data).toEqual(first.data);
    expect(JSON.stringify(second.data)).toBe(JSON.stringify(first.data)); // field order too
    expect(dataOf(second).shops[0].promotions.map((p: { id: string }) => p.id)).toEqual(['running']);
    expect(second.headers.get('x-shopgraph-valid-until')).toBe(first.headers.get('x-shopgraph-valid-until'));
    expect(second.headers.get('x-shopgraph-valid-until')).toBe(starts); // the scheduled promotion's start
    // The identity is checked first, whatever answers.
    expect((await graphqlRequest(display.graphqlUrl, read, { ids: ['6'] })).status).toBe(401);
  });

  it('answers entity lookups seen before from compiled code, as Apollo Server did', async () => {
    // The gateway's second fetch of a sponsored slate's plan: the Shop of each slot.
    const lookup = `query Slate__display__1($representations: [_Any!]!) { _entities(representations: $representations) { ... on Shop { __typename id name rating { average } } } }`;
    const representations = [{ __typename: 'Shop', id: '3' }, { __typename: 'Shop', id: '404' }, { __typename: 'Shop', id: '1' }];
    const first = await query(lookup, { representations });
    const before = await compiledReads();
    const second = await query(lookup, { representations });
    expect(await compiledReads()).toBe(before + 1);
    expect(JSON.stringify(second.data)).toBe(JSON.stringify(first.data)); // field order too
    expect(dataOf(second)._entities).toEqual([{ __typename: 'Shop', id: '3', name: 'shop 3', rating: { average: 4.5 } }, null, { __typename: 'Shop', id: '1', name: 'shop 1', rating: { average: 4.5 } }]);
  });

  it('leaves a known read whose answer has errors to Apollo Server, which answers as the first time', async () => {
    const read = `query Many($ids: [ID!]!) { shops(ids: $ids) { id } }`;
    const ids = Array.from({ length: 101 }, (_, i) => String(i + 1));
    expect(errorCode(await query(read, { ids: ['1'] }))).toBeUndefined();
    const before = await compiledReads();
    for (let i = 0; i < 2; i += 1) expect(errorCode(await query(read, { ids }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await query(read, { ids: ['1', '1'] }))).toBe('BAD_USER_INPUT');
    expect(await compiledReads()).toBe(before);
  });
});

describe('federation', () => {
  it('resolves Shop entities and ManagedShop.published from the read model', async () => {
    const response = await query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Shop { id name } ... on ManagedShop { id published { name } } } }`,
      {
        r: [
          { __typename: 'Shop', id: '2' },
          { __typename: 'ManagedShop', id: '1' },
          { __typename: 'ManagedShop', id: '404' },
          { __typename: 'Shop', id: '404' },
        ],
      },
    );
    expect(dataOf(response)._entities).toEqual([{ id: '2', name: 'shop 2' }, { id: '1', published: { name: 'shop 1' } }, { id: '404', published: null }, null]);
  });
});

describe('readiness', () => {
  it('says on /ready whether the read model has its generation marker, and stays ready without it', async () => {
    const ready = async () => (await fetch(`${display.url}/ready`)).json() as Promise<{ ready: boolean; checks: Record<string, { details?: unknown }> }>;
    await redis.del(store.generationKey);
    const before = await ready();
    expect(before.ready).toBe(true);
    expect(before.checks.readModelGeneration!.details).toEqual({ state: 'missing: the projectors are rebuilding it' });
    await store.markGeneration({ rebuiltAt: '2026-11-25T12:00:00.000Z', shops: 3 });
    expect((await ready()).checks.readModelGeneration!.details).toEqual({ rebuiltAt: '2026-11-25T12:00:00.000Z', shops: 3 });
  });
});
