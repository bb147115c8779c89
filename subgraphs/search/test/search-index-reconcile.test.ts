import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { reconcileTotals } from '@shopgraph/consumer-runtime/consumer-reconcile';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { loadConfig as shopConfig, startShopSubgraph } from '@shopgraph/shop-subgraph';
import { dataOf, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createShopCopyReconcile } from '@shopgraph/shop-copy/reconcile-shop-copy';
import { createShopSource, type ShopSource } from '@shopgraph/shop-copy/shop-source';
import { loadConfig } from '../src/config.js';
import { createSearchIndex } from '../src/search-index.js';
import { startSearchSubgraph, type SearchSubgraph } from '../src/start-search-subgraph.js';

// The real shop subgraph is the source; its events reach the indexer as in production. Index
// rows are then changed behind the indexer's back, as a lost event would leave them.
const SECRET = 'search-reconcile-test-internal-secret';
// A lost row is repaired by the second pass that sees it, so it stays lost for about one interval:
// long enough for the test's search in between to see it lost, even on a loaded machine.
const RECONCILE_MS = 1_000;
const identities = createIdentityCodec(SECRET);
let db: TestDatabase;
let prefix: string;
let shop: CommandSubgraph;
let search: SearchSubgraph;

async function mutate(query: string, variables: Record<string, unknown>) {
  return dataOf(await graphqlRequest(shop.graphqlUrl, query, variables, { [IDENTITY_HEADER]: await identities.sign({ kind: 'owner', ownerId: '7' }, 'shop') }));
}
async function createShop(name: string): Promise<string> {
  const { createShop } = await mutate(`mutation($i: CreateShopInput!) { createShop(input: $i) { id } }`, { i: { name, category: 'CHICKEN', phone: '02-123-4567', address: '서울' } });
  return createShop.id as string;
}
async function found(text: string): Promise<string[]> {
  const response = await graphqlRequest(search.graphqlUrl, `query($text: String!) { searchShops(filter: { text: $text }, first: 50) { edges { node { id } } } }`, { text }, { [IDENTITY_HEADER]: await identities.sign(ANONYMOUS, 'search') });
  return dataOf(response).searchShops.edges.map((edge: { node: { id: string } }) => edge.node.id);
}
const row = (id: string) => shop.prisma.searchShop.findUnique({ where: { shopId: Number(id) } });
/** Waits until the shop's index row is at its current version (and so, deleted or not, as the shop is). */
async function indexed(id: string) {
  const { version } = await shop.prisma.shop.findUniqueOrThrow({ where: { id: Number(id) } });
  await waitFor(async () => (await row(id))?.version === version, { what: `shop ${id} indexed at v${version}` });
}
const repaired = async (kind: 'missing' | 'stale' | 'removed') => (await reconcileTotals('search'))[kind];

/** Waits for two passes to complete from now: a pass under way may still count a repair of what the events have since made right. */
async function settled(): Promise<void> {
  const from = (await reconcileTotals('search')).passes;
  await waitFor(async () => (await reconcileTotals('search')).passes >= from + 2, { what: 'two reconcile passes' });
}

beforeAll(async () => {
  db = await createTestDatabase('search-reconcile');
  prefix = uniquePrefix('search-reconcile');
  const common = { DATABASE_URL: db.url, QUEUE_REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_TOKEN_SECRET: SECRET };
  shop = await startShopSubgraph(shopConfig({ ...common, SHOP_PORT: '0' }), createLogger('shop', 'silent'));
  search = await startSearchSubgraph(loadConfig({ ...common, SEARCH_PORT: '0', SHOP_URL: shop.graphqlUrl, SEARCH_RECONCILE_MS: String(RECONCILE_MS) }), createLogger('search', 'silent'));
});

afterAll(async () => {
  await search?.close();
  await shop?.close();
  await db?.drop();
  await deleteKeysWithPrefix(prefix);
});

describe('the search index reconcile', () => {
  it('indexes again a live shop whose row was lost, with no event, and counts it', async () => {
    const id = await createShop('재색인 닭강정');
    await indexed(id);
    await settled();
    const before = await repaired('missing');

    await shop.prisma.searchShop.delete({ where: { shopId: Number(id) } });
    expect(await found('닭강정')).toEqual([]);
    await indexed(id);
    expect(await found('닭강정')).toEqual([id]);
    expect(await repaired('missing')).toBe(before + 1);
  });

  it('brings a row older than its shop up to date (a lost rename), and counts it', async () => {
    const id = await createShop('새 이름 떡볶이');
    await indexed(id);
    await settled();
    const before = await repaired('stale');

    // As if the rename to the current name had never arrived: the old name, one version back.
    const current = (await row(id))!;
    await shop.prisma.searchShop.update({ where: { shopId: Number(id) }, data: { name: '옛 이름 순대', searchText: '옛 이름 순대', grams: ['옛 ', ' 이', '이름', '름 ', ' 순', '순대'], version: current.version - 1 } });
    expect(await found('순대')).toEqual([id]);
    await indexed(id);
    expect(await found('순대')).toEqual([]);
    expect(await found('떡볶이')).toEqual([id]);
    expect(await repaired('stale')).toBe(before + 1);
  });

  it('stops finding a deleted shop whose deletion the index missed, and counts it', async () => {
    const id = await createShop('지워진 족발');
    await indexed(id);
    await mutate(`mutation($id: ID!) { deleteShop(id: $id) }`, { id });
    await indexed(id);
    await settled();
    expect(await found('족발')).toEqual([]);
    const before = await repaired('removed');

    await shop.prisma.searchShop.update({ where: { shopId: Number(id) }, data: { deleted: false } });
    expect(await found('족발')).toEqual([id]);
    await waitFor(async () => (await row(id))?.deleted === true, { what: `shop ${id} unindexed again` });
    expect(await found('족발')).toEqual([]);
    expect(await repaired('removed')).toBe(before + 1);
  });
  it('reads ids and versions only while the index is current: no shop\'s facts', async () => {
    // Every 5 min in production, over every shop: reading each live shop's snapshot to learn its
    // version cost about what a full reindex reads.
    for (const name of ['대조 떡볶이', '대조 순대', '대조 튀김']) await indexed(await createShop(name));
    const source = createShopSource({ url: shop.graphqlUrl, service: 'search', identity: identities });
    const factsRead: string[] = [];
    const counted: ShopSource = {
      ...source,
      async shopSnapshots(ids) {
        factsRead.push(...ids);
        return source.shopSnapshots(ids);
      },
    };
    const pass = createShopCopyReconcile({ source: counted, copy: createSearchIndex(shop.prisma, counted), pageSize: 2 });
    const report = await pass();
    expect(report).toMatchObject({ missing: 0, stale: 0, removed: 0 });
    expect(report.checked).toBeGreaterThan(2);
    expect(factsRead).toEqual([]);
  });
});
