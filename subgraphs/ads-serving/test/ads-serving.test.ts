import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seoulDay } from '@shopgraph/ads-store/seoul-day';
import { startAdsCommandSide, type AdsCommandSide } from '@shopgraph/ads-subgraph/testing';
import { ANONYMOUS, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { metricsRegistry } from '@shopgraph/telemetry/metrics';
import { dataOf, errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { deleteKeysWithPrefix, testRedisClient } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../src/config.js';
import { startAdsServing, type AdsServing } from '../src/start-ads-serving.js';

// The serving subgraph with its projector, fed by the real shop and ads subgraphs' events on one
// database and queue prefix, as in production; slates asked as the gateway asks them.
let side: AdsCommandSide;
let serving: AdsServing;
let redis: ReturnType<typeof testRedisClient>;
const OWNER = '31';
const SLATE = `query($area: String!, $category: ShopCategory, $first: Int) { sponsoredShops(area: $area, category: $category, first: $first) { position trackingToken shop { id } } }`;

async function slate(area: string, first?: number, category?: string) {
  const headers = { [IDENTITY_HEADER]: await side.identities.sign(ANONYMOUS, 'ads-serving') };
  return graphqlRequest(serving.graphqlUrl, SLATE, { area, first, category }, headers);
}
async function click(trackingToken: string) {
  const headers = { [IDENTITY_HEADER]: await side.identities.sign(ANONYMOUS, 'ads-serving') };
  return graphqlRequest(serving.graphqlUrl, `mutation($t: String!) { recordAdClick(trackingToken: $t) }`, { t: trackingToken }, headers);
}
const tokenOf = async (area: string) => (dataOf(await slate(area)).sponsoredShops as { trackingToken: string }[])[0]!.trackingToken;
async function shiftServingClock(offsetMs: number) {
  const response = await fetch(serving.graphqlUrl.replace(/\/graphql$/, '/test/clock'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs }) });
  expect(response.ok).toBe(true);
}
/** Today's counters of a campaign as its owner sees them (from PostgreSQL, where the click recorder moves them). */
async function countersOf(shopId: string, campaignId: string) {
  const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ManagedShop { adCampaigns { id spentToday clicksToday impressionsToday servingState } } } }`;
  const [shop] = dataOf(await side.call(query, { reps: [{ __typename: 'ManagedShop', id: shopId }] }, OWNER))._entities;
  return shop.adCampaigns.find((c: { id: string }) => c.id === campaignId) as { spentToday: number; clicksToday: number; impressionsToday: number; servingState: string };
}
const shopsOf = async (area: string, first?: number, category?: string) =>
  (dataOf(await slate(area, first, category)).sponsoredShops as { shop: { id: string } }[]).map((slot) => slot.shop.id);
const serves = (area: string, shopId: string, yes = true) =>
  waitFor(async () => (await shopsOf(area, 10)).includes(shopId) === yes, { what: `${area} ${yes ? '' : 'not '}serving shop ${shopId}` });

async function openShop(category = 'CHICKEN'): Promise<string> {
  const shopId = await side.createShop(OWNER, { category });
  await side.changeShop(OWNER, `mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id: shopId });
  await side.known(shopId);
  return shopId;
}

async function repaired(kind: 'missing' | 'stale'): Promise<number> {
  const values = (await metricsRegistry.getSingleMetric('shopgraph_reconcile_repaired_total')?.get())?.values ?? [];
  return values.find((value) => value.labels.queue === 'ads-serving' && value.labels.kind === kind)?.value ?? 0;
}

beforeAll(async () => {
  side = await startAdsCommandSide('ads-serving');
  serving = await startAdsServing(
    loadConfig({ ...side.env, SERVICE_TOKEN_SECRET: side.secret, ADS_SERVING_PORT: '0', ADS_URL: side.ads.graphqlUrl, ADS_REDIS_URL: side.env.QUEUE_REDIS_URL, ADS_STORE_PREFIX: side.prefix, ADS_SERVING_RECONCILE_MS: '300', ADS_SERVING_CHECK_MS: '200', ADS_TEST_CLOCK: 'true' }),
    createLogger('ads-serving', 'silent'),
  );
  await waitFor(() => serving.store.generation(), { what: 'the serving store built' });
  redis = testRedisClient(side.env.QUEUE_REDIS_URL);
  await redis.connect();
});

afterAll(async () => {
  redis?.disconnect();
  await serving?.close();
  await side?.close();
});

describe('sponsoredShops from the serving store', () => {
  it('serves a new campaign of an open shop once its event is projected: positions, tokens and the shop to fill in', async () => {
    const shopId = await openShop();
    await side.createCampaign(OWNER, shopId, { areas: ['serve-new'] });
    await serves('serve-new', shopId);
    const [slot] = dataOf(await slate('serve-new')).sponsoredShops;
    expect(slot).toEqual({ position: 1, trackingToken: expect.stringMatching(/^\d+\.\d+\.500\./), shop: { id: shopId } });
  });

  it('ranks by bid, filters by category, and gives each shop one slot', async () => {
    const [chicken, pizza] = [await openShop('CHICKEN'), await openShop('PIZZA')];
    await side.createCampaign(OWNER, chicken, { areas: ['rank-here'], bidPerClick: 300 });
    await side.createCampaign(OWNER, chicken, { areas: ['rank-here'], bidPerClick: 200 });
    await side.createCampaign(OWNER, pizza, { areas: ['rank-here', 'rank-there'], bidPerClick: 900 });
    await waitFor(async () => (await shopsOf('rank-here', 10)).length === 2, { what: 'both shops serving' });
    expect(await shopsOf('rank-here', 10)).toEqual([pizza, chicken]);
    expect(await shopsOf('rank-here', 1)).toEqual([pizza]);
    expect(await shopsOf('rank-here', 10, 'CHICKEN')).toEqual([chicken]);
    expect(await shopsOf('rank-there', 10)).toEqual([pizza]);
    expect(await shopsOf('rank-nowhere', 10)).toEqual([]);
  });

  it('stops serving a paused campaign and a paused shop, and serves them again when resumed', async () => {
    const shopId = await openShop();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['pause-area'] });
    await serves('pause-area', shopId);
    await side.call(`mutation($id: ID!) { setAdCampaignStatus(id: $id, status: PAUSED) { id } }`, { id: campaign.id }, OWNER);
    await serves('pause-area', shopId, false);
    await side.call(`mutation($id: ID!) { setAdCampaignStatus(id: $id, status: ACTIVE) { id } }`, { id: campaign.id }, OWNER);
    await serves('pause-area', shopId);
    await side.changeShop(OWNER, `mutation($id: ID!) { setShopStatus(id: $id, status: PAUSED) { id } }`, { id: shopId });
    await serves('pause-area', shopId, false);
  });

  it('counts every slot served as an impression of its campaign', async () => {
    const shopId = await openShop();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['count-area'] });
    await serves('count-area', shopId);
    const day = seoulDay(Date.now());
    const counted = async () => Number(await redis.hget(serving.store.keys.day(campaign.id, day), 'impressions'));
    const start = await counted();
    for (let i = 0; i < 5; i += 1) await slate('count-area');
    expect((await counted()) - start).toBe(5);
  });

  it('answers a slate seen before from compiled code: the same shape, new tokens, each slot counted once', async () => {
    const shopId = await openShop();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['compiled-area'] });
    await serves('compiled-area', shopId);
    // This subgraph's own (the ads command side in this process answers its queries compiled too).
    const compiled = async () => (await metricsRegistry.getSingleMetric('shopgraph_compiled_operations_total')?.get())?.values.find((value) => value.labels.service === 'ads-serving')?.value ?? 0;
    const day = seoulDay(Date.now());
    const counted = async () => Number(await redis.hget(serving.store.keys.day(campaign.id, day), 'impressions'));
    const [compiledBefore, countedBefore] = [await compiled(), await counted()];
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(dataOf(await slate('compiled-area', 2)).sponsoredShops);
    // The text was validated and compiled long before (`serves`): every one of these ran compiled.
    expect((await compiled()) - compiledBefore).toBe(3);
    expect((await counted()) - countedBefore).toBe(3);
    for (const answer of answers) expect(answer).toEqual([{ position: 1, trackingToken: expect.stringMatching(/^\d+\.\d+\.500\./), shop: { id: shopId } }]);
    expect(new Set(answers.map((answer) => answer[0].trackingToken)).size).toBe(3);
    // A refusal is Apollo Server's, as the first time, and counts nothing.
    const refused = await slate('compiled-area', 11);
    expect([errorCode(refused), refused.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'first']);
    expect((await counted()) - countedBefore).toBe(3);
  });

  it('refuses an area that is no code and a first outside 1 to 10 with BAD_USER_INPUT naming the argument', async () => {
    for (const [area, first, field] of [['Seoul Gangnam', 3, 'area'], ['x', 3, 'area'], ['seoul-gangnam', 0, 'first'], ['seoul-gangnam', 11, 'first']] as const) {
      const response = await slate(area, first);
      expect([errorCode(response), response.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
    }
  });
});

describe('recordAdClick', () => {
  it('counts and charges a click once per token, and the counters reach the campaign in PostgreSQL within seconds', async () => {
    const shopId = await openShop();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['click-once'], bidPerClick: 700 });
    await serves('click-once', shopId);
    const token = await tokenOf('click-once');
    expect(dataOf(await click(token)).recordAdClick).toBe(true);
    expect(dataOf(await click(token)).recordAdClick).toBe(false);
    const counters = await waitFor(async () => {
      const found = await countersOf(shopId, campaign.id);
      return found.clicksToday === 1 ? found : undefined;
    }, { what: 'the click in PostgreSQL', timeoutMs: 5000 });
    expect(counters).toMatchObject({ spentToday: 700, clicksToday: 1 });
    expect(counters.impressionsToday).toBeGreaterThanOrEqual(2);
    expect(await side.ads.prisma.adClick.count({ where: { campaignId: Number(campaign.id) } })).toBe(1);
  });

  it('refuses a forged or changed token with BAD_USER_INPUT, and answers false for an expired one', async () => {
    const shopId = await openShop();
    await side.createCampaign(OWNER, shopId, { areas: ['click-tokens'], bidPerClick: 700 });
    await serves('click-tokens', shopId);
    const token = await tokenOf('click-tokens');
    for (const forged of ['made-up', token.replace('.700.', '.100.'), `${token.slice(0, -2)}AA`]) {
      const response = await click(forged);
      expect([errorCode(response), response.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'trackingToken']);
    }
    try {
      await shiftServingClock(30 * 60_000 + 1000);
      expect(dataOf(await click(token)).recordAdClick).toBe(false);
    } finally {
      await shiftServingClock(0);
    }
    // Not counted by any of it: still countable.
    expect(dataOf(await click(token)).recordAdClick).toBe(true);
  });

  it('never spends past the budget, however many clicks arrive at once, and stops serving once spent', async () => {
    const shopId = await openShop();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['click-budget'], bidPerClick: 1000, dailyBudget: 5000 });
    await serves('click-budget', shopId);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => tokenOf('click-budget')));
    const answers = await Promise.all(tokens.map(async (token) => dataOf(await click(token)).recordAdClick));
    expect(answers.filter(Boolean)).toHaveLength(5);
    await serves('click-budget', shopId, false);
    const counters = await waitFor(async () => {
      const found = await countersOf(shopId, campaign.id);
      return found.clicksToday === 5 ? found : undefined;
    }, { what: 'the clicks in PostgreSQL', timeoutMs: 5000 });
    expect(counters).toMatchObject({ spentToday: 5000, servingState: 'BUDGET_SPENT' });
  });
});

describe('the serving store’s repair', () => {
  it('rebuilds a lost store from the ads system, the day’s spend restored from PostgreSQL', async () => {
    const shopId = await openShop();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['rebuild-area'], bidPerClick: 1000, dailyBudget: 5000 });
    await serves('rebuild-area', shopId);
    const day = seoulDay(Date.now());
    await side.ads.prisma.adCampaignDay.create({ data: { campaignId: Number(campaign.id), day: new Date(`${day}T00:00:00.000Z`), spent: 4500, clicks: 4, impressions: 9 } });
    // Redis restarted empty: every key of the store gone, the generation marker with them.
    expect(await deleteKeysWithPrefix(`${side.prefix}:ads:`)).toBeGreaterThan(0);
    await waitFor(() => serving.store.generation(), { what: 'the serving store rebuilt' });
    expect(await redis.hgetall(serving.store.keys.day(campaign.id, day))).toMatchObject({ spent: '4500', clicks: '4' });
    // 500 left of the budget is less than one click: not served.
    expect(await shopsOf('rebuild-area', 10)).not.toContain(shopId);
  });

  it('repairs a change whose event was lost', async () => {
    const shopId = await openShop();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['lost-area'] });
    await serves('lost-area', shopId);
    const before = await repaired('stale');
    // Paused in PostgreSQL with no event: only the reconcile can tell the store.
    await side.ads.prisma.adCampaign.update({ where: { id: Number(campaign.id) }, data: { status: 'PAUSED', version: { increment: 1 } } });
    await serves('lost-area', shopId, false);
    expect(await repaired('stale')).toBeGreaterThan(before);
  });

  it('keeps serving the same slots and charging clicks while the ads subgraph is down; the clicks reach PostgreSQL once it is back', async () => {
    const shopId = await openShop();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['down-area'] });
    await serves('down-area', shopId);
    await side.stopAds();
    expect(await shopsOf('down-area', 10)).toEqual([shopId]);
    expect(dataOf(await click(await tokenOf('down-area'))).recordAdClick).toBe(true);
    await side.restartAds();
    await waitFor(() => side.ads.prisma.adClick.count({ where: { campaignId: Number(campaign.id) } }), { what: 'the click recorded in PostgreSQL', timeoutMs: 10_000 });
  });
});
