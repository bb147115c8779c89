import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { reconcileTotals } from '@shopgraph/consumer-runtime/consumer-reconcile';
import { loadConfig as shopConfig, startShopSubgraph } from '@shopgraph/shop-subgraph';
import { dataOf, errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../src/config.js';
import { startReviewSubgraph } from '../src/start-review-subgraph.js';

// The real shop subgraph is the source the reconcile pages through; its events reach the
// review subgraph's consumer as in production. Rows are then changed behind the consumer's back.
const SECRET = 'review-reconcile-test-internal-secret';
// A lost row is repaired by the second pass that sees it, so it stays lost for about one interval:
// long enough for the test's write in between to see it lost, even on a loaded machine.
const RECONCILE_MS = 1_000;
const identities = createIdentityCodec(SECRET);
let db: TestDatabase;
let prefix: string;
let shop: CommandSubgraph;
let review: CommandSubgraph;

const asOwner = async () => ({ [IDENTITY_HEADER]: await identities.sign({ kind: 'owner', ownerId: '7' }, 'shop') });
async function createShop(name: string): Promise<string> {
  const response = await graphqlRequest(shop.graphqlUrl, `mutation($i: CreateShopInput!) { createShop(input: $i) { id } }`, { i: { name, category: 'CHICKEN', phone: '02-123-4567', address: '서울' } }, await asOwner());
  return dataOf(response).createShop.id as string;
}
const write = async (shopId: string) =>
  graphqlRequest(review.graphqlUrl, `mutation($shopId: ID!, $input: ReviewInput!) { writeReview(shopId: $shopId, input: $input) { id } }`, { shopId, input: { rating: 5, text: '맛있어요', author: '단골' } }, { [IDENTITY_HEADER]: await identities.sign(ANONYMOUS, 'review') });
const knownShop = (shopId: string) => review.prisma.knownShop.findUnique({ where: { shopId: Number(shopId) } });

const repaired = async (kind: 'missing' | 'removed') => (await reconcileTotals('review-shops'))[kind];

/** Waits for two passes to complete from now: a pass under way may still count a repair of what the events have since made right. */
async function settled(): Promise<void> {
  const from = (await reconcileTotals('review-shops')).passes;
  await waitFor(async () => (await reconcileTotals('review-shops')).passes >= from + 2, { what: 'two reconcile passes' });
}

beforeAll(async () => {
  db = await createTestDatabase('review-reconcile');
  prefix = uniquePrefix('review-reconcile');
  const common = { DATABASE_URL: db.url, QUEUE_REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_TOKEN_SECRET: SECRET };
  shop = await startShopSubgraph(shopConfig({ ...common, SHOP_PORT: '0' }), createLogger('shop', 'silent'));
  review = await startReviewSubgraph(loadConfig({ ...common, REVIEW_PORT: '0', SHOP_URL: shop.graphqlUrl, REVIEW_SHOPS_RECONCILE_MS: String(RECONCILE_MS) }), createLogger('review', 'silent'));
});

afterAll(async () => {
  await review?.close();
  await shop?.close();
  await db?.drop();
  await deleteKeysWithPrefix(prefix);
});

describe('the known-shops reconcile', () => {
  it('gives a live shop whose row was lost back to the review system, with no event, and counts it', async () => {
    const id = await createShop('재조정 치킨');
    await waitFor(() => knownShop(id), { what: `shop ${id} known from its event` });
    dataOf(await write(id));
    await settled();
    const before = await repaired('missing');

    await review.prisma.knownShop.delete({ where: { shopId: Number(id) } });
    expect(errorCode(await write(id))).toBe('NOT_FOUND');
    await waitFor(async () => (await knownShop(id))?.deleted === false, { what: `shop ${id} known again` });
    dataOf(await write(id));
    expect(await repaired('missing')).toBe(before + 1);
  });

  it('marks deleted a shop whose deletion the review system missed, and counts it', async () => {
    const id = await createShop('재조정 피자');
    await waitFor(() => knownShop(id), { what: `shop ${id} known from its event` });
    const deleted = await graphqlRequest(shop.graphqlUrl, `mutation($id: ID!) { deleteShop(id: $id) }`, { id }, await asOwner());
    dataOf(deleted);
    await waitFor(async () => (await knownShop(id))?.deleted === true, { what: `shop ${id} deleted from its event` });
    await settled();
    const before = await repaired('removed');

    // As if the deletion had never arrived.
    await review.prisma.knownShop.update({ where: { shopId: Number(id) }, data: { deleted: false } });
    await waitFor(async () => (await knownShop(id))?.deleted === true, { what: `shop ${id} deleted again` });
    expect(errorCode(await write(id))).toBe('NOT_FOUND');
    expect(await review.prisma.review.count({ where: { shopId: Number(id) } })).toBe(0);
    expect(await repaired('removed')).toBe(before + 1);
  });
});
