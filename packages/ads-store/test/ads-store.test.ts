import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, type RedisClient } from '@shopgraph/redis-client/redis';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { createAdsStore, type AdsStore } from '../src/ads-store.js';
import type { CampaignState, DayCounters } from '../src/campaign-state.js';

// The store's writer and reader on the real Redis (one node, and a 3-master cluster in the
// cluster run): every script touches one slot, the campaign's or the area's.
const NOW = Date.parse('2026-12-04T03:00:00.000Z');
const DAY = '2026-12-04';
let redis: RedisClient;
let prefix: string;
let store: AdsStore;
let nextId = 1;

function aCampaign(overrides: Partial<CampaignState> = {}): CampaignState {
  const id = String(nextId++);
  return {
    campaignId: id,
    shopId: `s${id}`,
    category: 'CHICKEN',
    areas: ['seoul-gangnam'],
    bidPerClick: 500,
    dailyBudget: 10_000,
    startsAt: NOW - 1000,
    endsAt: null,
    status: 'ACTIVE',
    shopOpen: true,
    campaignVersion: 1,
    shopVersion: 1,
    ...overrides,
  };
}
const nothingYet = (day = DAY): DayCounters => ({ day, spent: 0, clicks: 0, impressions: 0 });
const write = (state: CampaignState, counters = nothingYet(), now = NOW) => store.writeCampaigns([{ state, counters }], now);
const ids = async (area: string, category: string | null = null, limit = 50) => (await store.candidates(area, category, DAY, limit)).candidates.map((c) => c.campaignId);

beforeAll(async () => {
  prefix = uniquePrefix('ads-store');
  redis = createRedis(TEST_REDIS_URL, 'read-model');
  store = createAdsStore({ redis, prefix });
});

afterAll(async () => {
  redis?.disconnect();
  await deleteKeysWithPrefix(prefix);
});

describe('the serving store', () => {
  it('ranks an area’s campaigns by bid, in the area and in its category, with their serving windows', async () => {
    const area = 'rank-area';
    const low = aCampaign({ areas: [area], bidPerClick: 300 });
    const high = aCampaign({ areas: [area], bidPerClick: 900, category: 'PIZZA', endsAt: NOW + 60_000 });
    expect(await store.writeCampaigns([{ state: low, counters: nothingYet() }, { state: high, counters: nothingYet() }], NOW)).toEqual(['written', 'written']);
    const { candidates, more } = await store.candidates(area, null, DAY, 10);
    expect(more).toBe(false);
    expect(candidates).toEqual([
      { campaignId: high.campaignId, shopId: high.shopId, bid: 900, startsAt: high.startsAt, endsAt: NOW + 60_000, spent: false },
      { campaignId: low.campaignId, shopId: low.shopId, bid: 300, startsAt: low.startsAt, endsAt: null, spent: false },
    ]);
    expect(await ids(area, 'PIZZA')).toEqual([high.campaignId]);
    expect(await ids(area, 'CHICKEN')).toEqual([low.campaignId]);
  });

  it('returns every campaign tied with the last one it was asked for, and says when there are more', async () => {
    const area = 'tie-area';
    const tied = Array.from({ length: 4 }, () => aCampaign({ areas: [area], bidPerClick: 700 }));
    const lower = aCampaign({ areas: [area], bidPerClick: 200 });
    await store.writeCampaigns([...tied, lower].map((state) => ({ state, counters: nothingYet() })), NOW);
    const { candidates, more } = await store.candidates(area, null, DAY, 2);
    expect(candidates.map((c) => c.campaignId).sort()).toEqual(tied.map((c) => c.campaignId).sort());
    expect(more).toBe(true);
  });

  it('moves a campaign between areas and categories, and takes it out of every ranking when paused or its shop closes', async () => {
    const campaign = aCampaign({ areas: ['move-a', 'move-b'] });
    await write(campaign);
    const moved = { ...campaign, areas: ['move-b', 'move-c'], category: 'KOREAN', campaignVersion: 2 };
    expect(await write(moved)).toEqual(['written']);
    expect([await ids('move-a'), await ids('move-b'), await ids('move-c')]).toEqual([[], [campaign.campaignId], [campaign.campaignId]]);
    expect([await ids('move-b', 'CHICKEN'), await ids('move-b', 'KOREAN')]).toEqual([[], [campaign.campaignId]]);
    await write({ ...moved, status: 'PAUSED', campaignVersion: 3 });
    expect([await ids('move-b'), await ids('move-c', 'KOREAN')]).toEqual([[], []]);
    await write({ ...moved, campaignVersion: 4 });
    expect(await ids('move-b')).toEqual([campaign.campaignId]);
    await write({ ...moved, campaignVersion: 4, shopOpen: false, shopVersion: 2 });
    expect(await ids('move-b')).toEqual([]);
  });

  it('never puts an older state over a newer one, and leaves an ended campaign out', async () => {
    const campaign = aCampaign({ areas: ['order-area'], campaignVersion: 5, shopVersion: 3 });
    await write(campaign);
    expect(await write({ ...campaign, status: 'PAUSED', campaignVersion: 4 })).toEqual(['stale']);
    expect(await write({ ...campaign, campaignVersion: 6, shopVersion: 2 })).toEqual(['conflict']);
    expect(await write(campaign)).toEqual(['same']);
    expect(await ids('order-area')).toEqual([campaign.campaignId]);
    expect(await store.campaignVersions([campaign.campaignId, 'none'])).toEqual([{ campaign: 5, shop: 3 }, null]);
    await write({ ...campaign, campaignVersion: 7, endsAt: NOW - 1 });
    expect(await ids('order-area')).toEqual([]);
  });

  it('takes the day’s counters from the snapshot only when it has none of its own, and marks a campaign out of budget in its areas', async () => {
    const campaign = aCampaign({ areas: ['budget-area'], bidPerClick: 1000, dailyBudget: 3000 });
    await write(campaign, { day: DAY, spent: 2500, clicks: 3, impressions: 40 });
    expect(await redis.hgetall(store.keys.day(campaign.campaignId, DAY))).toEqual({ spent: '2500', clicks: '3', impressions: '40' });
    expect((await store.candidates('budget-area', null, DAY, 10)).candidates[0]?.spent).toBe(true);
    // The store's own counters are newer than any snapshot: a later write leaves them.
    await write({ ...campaign, campaignVersion: 2, dailyBudget: 10_000 }, { day: DAY, spent: 0, clicks: 0, impressions: 0 });
    expect(await redis.hget(store.keys.day(campaign.campaignId, DAY), 'spent')).toBe('2500');
    expect((await store.candidates('budget-area', null, DAY, 10)).candidates[0]?.spent).toBe(false);
  });

  it('counts impressions on the day and marks the campaigns for the click recorder', async () => {
    const campaign = aCampaign({ areas: ['count-area'] });
    await write(campaign);
    await store.countImpressions([campaign.campaignId], DAY);
    await store.countImpressions([campaign.campaignId], DAY);
    expect(await redis.hget(store.keys.day(campaign.campaignId, DAY), 'impressions')).toBe('2');
    expect(await redis.sismember(store.keys.dirty, campaign.campaignId)).toBe(1);
  });
});

describe('a click', () => {
  const click = (campaignId: string, overrides: Record<string, unknown> = {}) => ({ campaignId, bid: 1000, nonce: `n${Math.random()}`, at: NOW, day: DAY, rememberMs: 60_000, ...overrides });

  it('is charged once per token, logged for the click recorder, and refused past the budget', async () => {
    const campaign = aCampaign({ areas: ['click-area'], bidPerClick: 1000, dailyBudget: 2500 });
    await write(campaign);
    const first = click(campaign.campaignId);
    expect(await store.charge(first)).toBe('charged');
    expect(await store.charge(first)).toBe('counted');
    expect(await store.charge(click(campaign.campaignId))).toBe('charged');
    // 2,000 spent: a third click of 1,000 would pass 2,500.
    expect(await store.charge(click(campaign.campaignId))).toBe('over-budget');
    expect(await redis.hgetall(store.keys.day(campaign.campaignId, DAY))).toMatchObject({ spent: '2000', clicks: '2' });
    expect((await store.candidates('click-area', null, DAY, 10)).candidates[0]?.spent).toBe(true);
    const logged = await store.clickLog.clicks([campaign.campaignId], 100);
    expect(logged.map((c) => [c.token, c.bid, c.day])).toEqual([[first.nonce, 1000, DAY], [expect.any(String), 1000, DAY]]);
    await store.clickLog.forget(logged);
    expect(await store.clickLog.clicks([campaign.campaignId], 100)).toEqual([]);
  });

  it('is not charged to a campaign paused, of a closed shop, not started or ended, nor to one the store does not have', async () => {
    const paused = aCampaign({ status: 'PAUSED' });
    const closed = aCampaign({ shopOpen: false });
    const later = aCampaign({ startsAt: NOW + 1 });
    const ended = aCampaign({ endsAt: NOW });
    for (const state of [paused, closed, later, ended]) await write(state);
    for (const state of [paused, closed, later, ended]) expect(await store.charge(click(state.campaignId)), state.campaignId).toBe('closed');
    expect(await store.charge(click('999999'))).toBe('unknown');
  });

  it('never takes spending past the budget, however many clicks arrive at once', async () => {
    const campaign = aCampaign({ bidPerClick: 700, dailyBudget: 10_000 });
    await write(campaign);
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => store.charge(click(campaign.campaignId, { bid: 700 }))));
    expect(outcomes.filter((o) => o === 'charged')).toHaveLength(14);
    expect(outcomes.filter((o) => o === 'over-budget')).toHaveLength(36);
    expect(await redis.hget(store.keys.day(campaign.campaignId, DAY), 'spent')).toBe('9800');
  });
});
