import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_SHOPS } from '@shopgraph/events/consumers';
import { event } from '@shopgraph/events/events';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { createEventPublisher, type EventPublisher } from '@shopgraph/command-runtime/event-publisher';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { dataOf, errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { queueDrained } from '@shopgraph/testing/queue-drained';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../src/config.js';
import { startReviewSubgraph } from '../src/start-review-subgraph.js';

const SECRET = 'review-test-internal-secret';
const identities = createIdentityCodec(SECRET);
let db: TestDatabase;
let prefix: string;
let subgraph: CommandSubgraph;
let publisher: EventPublisher;
const producer = createRedis(TEST_REDIS_URL, 'producer');

const WRITE = `mutation($shopId: ID!, $input: ReviewInput!) { writeReview(shopId: $shopId, input: $input) { id shopId rating text author createdAt } }`;
const aReview = (overrides: Record<string, unknown> = {}) => ({ rating: 5, text: '바삭하고 맛있어요', author: '치킨러버', ...overrides });
/** As the gateway calls for a customer: signed anonymous. */
const anonymous = async () => ({ [IDENTITY_HEADER]: await identities.sign(ANONYMOUS, 'review') });
const write = async (shopId: string, input = aReview()) => graphqlRequest(subgraph.graphqlUrl, WRITE, { shopId, input }, await anonymous());

async function shopEvent(name: 'shop.created' | 'shop.deleted', shopId: string) {
  await publisher.publish([{ id: `test-${name}-${shopId}`, event: event(name, { shopId }), recordedAt: new Date() }]);
}

async function knownShop(shopId: string) {
  return subgraph.prisma.knownShop.findUnique({ where: { shopId: Number(shopId) } });
}

beforeAll(async () => {
  db = await createTestDatabase('review');
  prefix = uniquePrefix('review');
  const config = loadConfig({ REVIEW_PORT: '0', DATABASE_URL: db.url, QUEUE_REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_TOKEN_SECRET: SECRET, REVIEW_SHOPS_RECONCILE_MS: '0' });
  subgraph = await startReviewSubgraph(config, createLogger('review', 'silent'));
  publisher = createEventPublisher({ connection: producer, prefix });
});

afterAll(async () => {
  await publisher?.close();
  await subgraph?.close();
  producer.disconnect();
  await db?.drop();
  await deleteKeysWithPrefix(prefix);
});

describe('known shops, from shop events', () => {
  it('learns of a created shop and then takes its reviews', async () => {
    expect(errorCode(await write('11'))).toBe('NOT_FOUND');
    await shopEvent('shop.created', '11');
    await waitFor(() => knownShop('11'), { what: 'shop 11 known' });
    const review = dataOf(await write('11')).writeReview;
    expect(review).toMatchObject({ shopId: '11', rating: 5, text: '바삭하고 맛있어요', author: '치킨러버' });
    const [outbox] = await subgraph.prisma.reviewOutbox.findMany({ orderBy: { id: 'desc' }, take: 1 });
    expect(outbox).toMatchObject({ event: 'review.written', payload: { shopId: '11', reviewId: review.id } });
  });

  it('refuses reviews of a deleted shop, even when the deletion arrives before the creation', async () => {
    await shopEvent('shop.deleted', '12');
    await shopEvent('shop.created', '12');
    await waitFor(async () => (await knownShop('12'))?.deleted === true, { what: 'shop 12 deleted' });
    // Let the creation be processed too: both jobs done, and the shop still deleted.
    await waitFor(() => queueDrained(REVIEW_SHOPS.queue, prefix), { what: 'review-shops queue drained' });
    expect((await knownShop('12'))?.deleted).toBe(true);
    expect(errorCode(await write('12'))).toBe('NOT_FOUND');
    expect(await subgraph.prisma.review.count({ where: { shopId: 12 } })).toBe(0);
  });
});

describe('writeReview validation', () => {
  it.each([
    [{ rating: 0 }, 'input.rating'],
    [{ rating: 6 }, 'input.rating'],
    [{ text: '' }, 'input.text'],
    [{ text: 'x'.repeat(2001) }, 'input.text'],
    [{ author: '' }, 'input.author'],
    [{ author: 'x'.repeat(31) }, 'input.author'],
  ])('rejects %o with BAD_USER_INPUT on %s and publishes nothing', async (override, field) => {
    await shopEvent('shop.created', '13');
    await waitFor(() => knownShop('13'));
    const before = await subgraph.prisma.reviewOutbox.count();
    const response = await write('13', aReview(override));
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(await subgraph.prisma.reviewOutbox.count()).toBe(before);
    expect(await subgraph.prisma.review.count({ where: { shopId: 13 } })).toBe(0);
  });
});

describe('reviewCounts (internal)', () => {
  it('gives each shop\'s review count in the order asked, 0 for shops without reviews, to services only', async () => {
    await shopEvent('shop.created', '15');
    await waitFor(() => knownShop('15'));
    for (const rating of [5, 3]) dataOf(await write('15', aReview({ rating })));
    const query = `query($ids: [ID!]!) { reviewCounts(shopIds: $ids) }`;
    const service = { [IDENTITY_HEADER]: await identities.sign({ kind: 'service', service: 'projector' }, 'review') };
    expect(dataOf(await graphqlRequest(subgraph.graphqlUrl, query, { ids: ['999999', '15', 'abc'] }, service)).reviewCounts).toEqual([0, 2, 0]);
    const tooMany = Array.from({ length: 501 }, (_, i) => String(i + 1));
    expect(errorCode(await graphqlRequest(subgraph.graphqlUrl, query, { ids: tooMany }, service))).toBe('BAD_USER_INPUT');
    expect(errorCode(await graphqlRequest(subgraph.graphqlUrl, query, { ids: ['15'] }, await anonymous()))).toBe('FORBIDDEN');
  });
});

describe('reviewSummary (internal)', () => {
  it('gives count, average and the three newest, to services only', async () => {
    await shopEvent('shop.created', '14');
    await waitFor(() => knownShop('14'));
    for (const rating of [5, 4, 4, 1]) dataOf(await write('14', aReview({ rating, text: `${rating} stars` })));
    const query = `{ reviewSummary(shopId: "14") { count average recent { rating text } } }`;
    const service = { [IDENTITY_HEADER]: await identities.sign({ kind: 'service', service: 'projector' }, 'review') };
    expect(dataOf(await graphqlRequest(subgraph.graphqlUrl, query, {}, service)).reviewSummary).toEqual({
      count: 4,
      average: 3.5,
      recent: [
        { rating: 1, text: '1 stars' },
        { rating: 4, text: '4 stars' },
        { rating: 4, text: '4 stars' },
      ],
    });
    expect(errorCode(await graphqlRequest(subgraph.graphqlUrl, query, {}, await anonymous()))).toBe('FORBIDDEN');
    expect(errorCode(await graphqlRequest(subgraph.graphqlUrl, query))).toBe('UNAUTHENTICATED');
  });
});
