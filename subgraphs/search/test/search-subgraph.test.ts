import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { SEARCH as SEARCH_QUEUE } from '@shopgraph/events/consumers';
import { createLogger } from '@shopgraph/telemetry/logger';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { loadConfig as shopConfig, startShopSubgraph } from '@shopgraph/shop-subgraph';
import { dataOf, errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { queueDrained } from '@shopgraph/testing/queue-drained';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../src/config.js';
import { startSearchSubgraph, type SearchSubgraph } from '../src/start-search-subgraph.js';
import { bigrams, searchTextOf } from '../src/bigrams.js';
import { encodeCursor } from '../src/cursor.js';
import { MAX_TOTAL_COUNT } from '../src/search-shops.js';

const SECRET = 'search-test-internal-secret';
const OWNER = '7';
const identities = createIdentityCodec(SECRET);
let db: TestDatabase;
let prefix: string;
let shop: CommandSubgraph;
let search: SearchSubgraph;

const SEARCH = `query($filter: ShopSearchInput, $first: Int, $after: String) {
  searchShops(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

/** As the gateway calls for a customer: signed anonymous. */
const searchRequest = async (variables: Record<string, unknown>) =>
  graphqlRequest(search.graphqlUrl, SEARCH, variables, { [IDENTITY_HEADER]: await identities.sign(ANONYMOUS, 'search') });

async function searchIds(filter: Record<string, unknown>, first = 50, after?: string) {
  const result = dataOf(await searchRequest({ filter, first, after })).searchShops;
  return { ...result, ids: result.edges.map((e: { node: { id: string } }) => e.node.id) as string[] };
}

async function mutate(query: string, variables: Record<string, unknown>) {
  return dataOf(await graphqlRequest(shop.graphqlUrl, query, variables, { [IDENTITY_HEADER]: await identities.sign({ kind: 'owner', ownerId: OWNER }, 'shop') }));
}

async function createShop(name: string, overrides: Record<string, unknown> = {}, menu: string[] = []) {
  const { createShop } = await mutate(`mutation($i: CreateShopInput!) { createShop(input: $i) { id } }`, {
    i: { name, category: 'CHICKEN', phone: '02-123-4567', address: '서울', ...overrides },
  });
  for (const item of menu) {
    await mutate(`mutation($id: ID!, $n: String!) { addMenuItem(shopId: $id, input: { name: $n, price: 1000 }) { id } }`, { id: createShop.id, n: item });
  }
  return createShop.id as string;
}

/** Waits until the index row of the shop reflects its current version. */
async function indexed(id: string) {
  const { version } = await shop.prisma.shop.findUniqueOrThrow({ where: { id: Number(id) } });
  await waitFor(async () => (await shop.prisma.searchShop.findUnique({ where: { shopId: Number(id) } }))?.version === version, { what: `shop ${id} indexed at v${version}` });
}

beforeAll(async () => {
  db = await createTestDatabase('search');
  prefix = uniquePrefix('search');
  const common = { DATABASE_URL: db.url, QUEUE_REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_TOKEN_SECRET: SECRET };
  shop = await startShopSubgraph(shopConfig({ ...common, SHOP_PORT: '0' }), createLogger('shop', 'silent'));
  search = await startSearchSubgraph(loadConfig({ ...common, SEARCH_PORT: '0', SHOP_URL: shop.graphqlUrl }), createLogger('search', 'silent'));
});

afterAll(async () => {
  await search?.close();
  await shop?.close();
  await db?.drop();
  await deleteKeysWithPrefix(prefix);
});

describe('indexing from shop events', () => {
  it('finds Korean and English names and menu items by substring, case-insensitively', async () => {
    const kyochon = await createShop('교촌치킨 강남점', {}, ['허니콤보', '레드윙']);
    const burger = await createShop('Burger Lab', { category: 'FAST_FOOD' }, ['Double Smash']);
    await Promise.all([indexed(kyochon), indexed(burger)]);
    expect((await searchIds({ text: '치킨' })).ids).toContain(kyochon);
    expect((await searchIds({ text: '콤보' })).ids).toEqual([kyochon]);
    expect((await searchIds({ text: 'BURGER' })).ids).toEqual([burger]);
    expect((await searchIds({ text: 'smash' })).ids).toEqual([burger]);
    expect((await searchIds({ text: '50%' })).ids).toEqual([]); // % is a literal, not a wildcard
  });

  it('finds a renamed shop by its new name only, and drops a deleted one', async () => {
    const id = await createShop('옛날통닭 본점');
    await indexed(id);
    await mutate(`mutation($id: ID!) { updateShop(id: $id, input: { name: "새로운통닭 본점" }) { id } }`, { id });
    await indexed(id);
    expect((await searchIds({ text: '옛날통닭' })).ids).not.toContain(id);
    expect((await searchIds({ text: '새로운통닭' })).ids).toEqual([id]);
    await mutate(`mutation($id: ID!) { deleteShop(id: $id) }`, { id });
    await indexed(id);
    expect((await searchIds({ text: '새로운통닭' })).ids).toEqual([]);
  });
});

describe('filters and order', () => {
  it('filters by category and by open status', async () => {
    const open = await createShop('필터 피자 열림', { category: 'PIZZA' });
    const closed = await createShop('필터 피자 닫힘', { category: 'PIZZA' });
    const other = await createShop('필터 치킨', { category: 'CHICKEN' });
    await mutate(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id: open });
    await Promise.all([open, closed, other].map(indexed));
    expect((await searchIds({ text: '필터', category: 'PIZZA' })).ids).toEqual([open, closed]);
    expect((await searchIds({ text: '필터', category: 'PIZZA', openOnly: true })).ids).toEqual([open]);
    expect((await searchIds({ text: '필터' })).totalCount).toBe(3);
  });

  it('ranks exact name, then name prefix, then substring, then menu item, each by id', async () => {
    const menuOnly = await createShop('순위 가게 D', {}, ['족발']);
    const substring = await createShop('왕족발 순위 C');
    const prefixB = await createShop('족발천국 B');
    const exact = await createShop('족발');
    const prefixA = await createShop('족발나라 A');
    await Promise.all([menuOnly, substring, prefixB, exact, prefixA].map(indexed));
    expect((await searchIds({ text: '족발' })).ids).toEqual([exact, prefixB, prefixA, substring, menuOnly]);
  });
});

describe('pagination', () => {
  it('pages with opaque cursors, stable when shops are added between pages', async () => {
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push(await createShop(`페이지 ${i}`));
    await Promise.all(ids.map(indexed));
    const first = await searchIds({ text: '페이지' }, 2);
    expect(first.ids).toEqual(ids.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(5);
    const added = await createShop('페이지 추가');
    await indexed(added);
    const second = await searchIds({ text: '페이지' }, 2, first.pageInfo.endCursor);
    const third = await searchIds({ text: '페이지' }, 10, second.pageInfo.endCursor);
    expect([...first.ids, ...second.ids, ...third.ids]).toEqual([...ids, added]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(third.totalCount).toBe(6);
  });

  it('refuses first above 50 and cursors it did not issue', async () => {
    const tooMany = await searchRequest({ first: 51 });
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0]?.extensions?.field).toBe('first');
    const forged = await searchRequest({ after: 'bm90LWEtY3Vyc29y' });
    expect(errorCode(forged)).toBe('BAD_USER_INPUT');
    expect(forged.errors?.[0]?.extensions?.field).toBe('after');
  });
});

describe('bounded work', () => {
  it('refuses a text of one character with BAD_USER_INPUT on filter.text, as no bigram can find it', async () => {
    for (const text of ['치', 'a', ' a ', '🍕']) {
      const refused = await searchRequest({ filter: { text } });
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.extensions?.field).toBe('filter.text');
      expect(refused.data ?? undefined).toBeUndefined();
    }
    // Blank text is still no text filter, and two characters still search.
    expect(errorCode(await searchRequest({ filter: { text: '  ' }, first: 1 }))).toBeUndefined();
    expect(errorCode(await searchRequest({ filter: { text: '치킨' }, first: 1 }))).toBeUndefined();
  });

  it(`counts totalCount up to ${MAX_TOTAL_COUNT} matches, however many there are, and still pages through them all`, async () => {
    const many = MAX_TOTAL_COUNT + 5;
    const rows = Array.from({ length: many }, (_, i) => {
      const name = `상한선 가게 ${i}`;
      const searchText = searchTextOf(name, []);
      return { shopId: 2_000_000 + i, name, category: 'CHICKEN', status: 'OPEN', searchText, grams: bigrams(searchText), version: 1 };
    });
    try {
      await shop.prisma.searchShop.createMany({ data: rows });
      const page = await searchIds({ text: '상한선' }, 50);
      expect(page.totalCount).toBe(MAX_TOTAL_COUNT);
      expect(page.ids).toEqual(rows.slice(0, 50).map((row) => String(row.shopId)));
      expect(page.pageInfo.hasNextPage).toBe(true);
      // Past the cap, the last page is still found, and says it is the last.
      const last = await searchIds({ text: '상한선' }, 10, encodeCursor({ rank: 1, id: 2_000_000 + MAX_TOTAL_COUNT - 1 }));
      expect(last.ids).toEqual(rows.slice(MAX_TOTAL_COUNT).map((row) => String(row.shopId)));
      expect(last.pageInfo.hasNextPage).toBe(false);
      expect(last.totalCount).toBe(MAX_TOTAL_COUNT);
      // Under the cap, the count is exact.
      const fewer = '상한선 가게 10';
      expect((await searchIds({ text: fewer }, 1)).totalCount).toBe(rows.filter((row) => row.name.includes(fewer)).length);
    } finally {
      await shop.prisma.searchShop.deleteMany({ where: { shopId: { gte: 2_000_000 } } });
    }
  });
});

describe('rebuild', () => {
  it('rebuilds the whole index from the shop subgraph and removes rows of unknown shops', async () => {
    const id = await createShop('재색인 테스트', {}, ['메뉴']);
    await indexed(id);
    // The row can be current before every event of the shop is in the queue or done (a job that
    // ran late read the newest state; a collapsed one runs once more): either would put the row
    // back after the delete below.
    await waitFor(async () => (await shop.outbox.relay.pending()) === 0 && (await queueDrained(SEARCH_QUEUE.queue, prefix)), { what: 'every event published and indexed' });
    await shop.prisma.searchShop.deleteMany({});
    await shop.prisma.searchShop.create({ data: { shopId: 999_999, name: '유령 가게', category: 'CHICKEN', status: 'OPEN', version: 1 } });
    expect((await searchIds({ text: '재색인' })).ids).toEqual([]);
    const before = await search.index.verify();
    expect(before.drifted).toEqual(expect.arrayContaining([id, '999999']));
    const result = await search.index.rebuild();
    expect(result.removed).toBe(1);
    expect((await search.index.verify()).drifted).toEqual([]);
    expect((await searchIds({ text: '재색인' })).ids).toEqual([id]);
    expect((await searchIds({ text: '유령' })).ids).toEqual([]);
  });
});
