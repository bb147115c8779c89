import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { errorCode } from '@shopgraph/testing/graphql-request';
import { monitorRedis } from '@shopgraph/testing/redis-monitor';
import { waitFor } from '@shopgraph/testing/wait-for';
import { gatewayClient } from '../support/client.js';
import { startPrivateDatabaseStack, type PrivateDatabaseStack } from '../support/private-database-stack.js';

// Sponsored slates through the gateway, the whole stack as processes on a PostgreSQL server of
// this file's own (the last test stops it): the slate from the serving store, each shop filled
// in by the display subgraph through federation.
let env: PrivateDatabaseStack;
let api: ReturnType<typeof gatewayClient>;
let db: pg.Pool;

const SLATE = `query($area: String!, $category: ShopCategory, $first: Int) { sponsoredShops(area: $area, category: $category, first: $first) { position trackingToken shop { id name status } } }`;
const CREATE = `mutation($shopId: ID!, $input: AdCampaignInput!) { createAdCampaign(shopId: $shopId, input: $input) { id } }`;
const HOUR = 3600_000;

interface Slot {
  position: number;
  trackingToken: string;
  shop: { id: string; name: string; status: string } | null;
}

async function slate(area: string, first?: number, category?: string): Promise<Slot[]> {
  return (await api.data(SLATE, { area, first, category })).sponsoredShops as Slot[];
}
const shopIdsOf = async (area: string, category?: string) => (await slate(area, 10, category)).map((slot) => slot.shop?.id);

/** An owner's open shop, published, with one campaign in `areas`; waits until it is served there. */
async function advertisedShop(areas: string[], overrides: Record<string, unknown> = {}, category = 'CHICKEN') {
  const { token } = await api.signUp();
  const shop = await api.createShop(token, { name: `광고 가게 ${areas[0]}`, category });
  await api.data(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id: shop.id }, token);
  const { createAdCampaign } = await api.data(CREATE, { shopId: shop.id, input: { areas, bidPerClick: 500, dailyBudget: 50_000, ...overrides } }, token);
  return { token, shopId: shop.id, campaignId: createAdCampaign.id as string };
}
const served = (area: string, shopId: string, yes = true, timeoutMs = 10_000) =>
  waitFor(async () => (await shopIdsOf(area)).includes(shopId) === yes, { what: `${area} ${yes ? '' : 'not '}serving ${shopId}`, timeoutMs, intervalMs: 20 });

const CLICK = `mutation($token: String!) { recordAdClick(trackingToken: $token) }`;
const click = (token: string) => api.request(CLICK, { token });
const tokenOf = async (area: string) => (await slate(area, 1))[0]!.trackingToken;
/** A campaign's counters of today as its owner sees them through the gateway. */
async function countersOf(token: string, campaignId: string) {
  const { me } = await api.data(`{ me { shops { adCampaigns { id spentToday clicksToday impressionsToday servingState } } } }`, {}, token);
  return me.shops.flatMap((shop: { adCampaigns: { id: string }[] }) => shop.adCampaigns).find((c: { id: string }) => c.id === campaignId) as {
    spentToday: number;
    clicksToday: number;
    impressionsToday: number;
    servingState: string;
  };
}

/** Moves the ads serving process's clock (ADS_TEST_CLOCK). */
async function shiftServingClock(offsetMs: number) {
  const response = await fetch(`${env.stack.url('ads-serving')}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs }) });
  expect(response.ok).toBe(true);
}

beforeAll(async () => {
  // Clicks come from this one address: its throttle (60 a minute) is tested by the gateway's own tests.
  env = await startPrivateDatabaseStack('e2e-ads-serving', { THROTTLE_AD_CLICK_PER_ADDRESS: '100000/60' });
  api = gatewayClient(env.stack.gatewayUrl);
  db = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  db.on('error', () => {});
});

afterAll(async () => {
  await db?.end();
  await env?.close();
});

describe('sponsored slates through the gateway', () => {
  it('answers the highest bids first, each shop filled in by the read model', async () => {
    const high = await advertisedShop(['e2e-rank'], { bidPerClick: 900 });
    const low = await advertisedShop(['e2e-rank'], { bidPerClick: 400 });
    await served('e2e-rank', low.shopId);
    await waitFor(async () => (await slate('e2e-rank')).every((slot) => slot.shop !== null), { what: 'both shops published' });
    const answer = await slate('e2e-rank');
    expect(answer.map((slot) => [slot.position, slot.shop?.id])).toEqual([
      [1, high.shopId],
      [2, low.shopId],
    ]);
    expect(answer[0]!.shop).toMatchObject({ name: '광고 가게 e2e-rank', status: 'OPEN' });
    expect(new Set(answer.map((slot) => slot.trackingToken)).size).toBe(2);
  });

  it('lets two equal bidders take turns: over 1,000 answers each is first 50 ± 10 % of the time', async () => {
    const a = await advertisedShop(['e2e-turns'], { bidPerClick: 700 });
    const b = await advertisedShop(['e2e-turns'], { bidPerClick: 700 });
    await served('e2e-turns', a.shopId);
    await served('e2e-turns', b.shopId);
    let aFirst = 0;
    for (let i = 0; i < 1000; i += 1) if ((await slate('e2e-turns', 2))[0]!.shop?.id === a.shopId) aFirst += 1;
    expect(aFirst).toBeGreaterThanOrEqual(400);
    expect(aFirst).toBeLessThanOrEqual(600);
  });

  it('serves an area’s home screen and its category listings, and nothing of another area', async () => {
    const chicken = await advertisedShop(['e2e-filter', 'e2e-filter-2'], {}, 'CHICKEN');
    const pizza = await advertisedShop(['e2e-filter'], {}, 'PIZZA');
    await served('e2e-filter', chicken.shopId);
    await served('e2e-filter', pizza.shopId);
    expect((await shopIdsOf('e2e-filter')).sort()).toEqual([chicken.shopId, pizza.shopId].sort());
    expect(await shopIdsOf('e2e-filter', 'PIZZA')).toEqual([pizza.shopId]);
    expect(await shopIdsOf('e2e-filter', 'KOREAN')).toEqual([]);
    expect(await shopIdsOf('e2e-filter-2')).toEqual([chicken.shopId]);
    expect(await shopIdsOf('e2e-elsewhere')).toEqual([]);
  });

  it('starts and ends a campaign by the clock alone, with no event', async () => {
    const now = Date.now();
    const { shopId } = await advertisedShop(['e2e-schedule'], { startsAt: new Date(now + HOUR).toISOString(), endsAt: new Date(now + 2 * HOUR).toISOString() });
    try {
      // Projected (its event handled) but not started: the shop is in the store, not in the slate.
      await waitFor(async () => (await db.query(`SELECT 1 FROM "ads"."outbox" WHERE published_at IS NOT NULL AND payload->>'shopId' = $1`, [shopId])).rowCount, { what: 'the campaign event published' });
      expect(await shopIdsOf('e2e-schedule')).toEqual([]);
      await shiftServingClock(HOUR + 1000);
      await served('e2e-schedule', shopId);
      await shiftServingClock(2 * HOUR);
      expect(await shopIdsOf('e2e-schedule')).toEqual([]);
    } finally {
      await shiftServingClock(0);
    }
  });

  it('stops serving a paused campaign and serves it again once resumed', async () => {
    const { token, shopId, campaignId } = await advertisedShop(['e2e-pause']);
    await served('e2e-pause', shopId);
    await api.data(`mutation($id: ID!) { setAdCampaignStatus(id: $id, status: PAUSED) { id } }`, { id: campaignId }, token);
    await served('e2e-pause', shopId, false);
    await api.data(`mutation($id: ID!) { setAdCampaignStatus(id: $id, status: ACTIVE) { id } }`, { id: campaignId }, token);
    await served('e2e-pause', shopId);
  });

  it('stops serving a shop within a second of its pause or its deletion', async () => {
    const paused = await advertisedShop(['e2e-shop-gone']);
    const deleted = await advertisedShop(['e2e-shop-gone']);
    await served('e2e-shop-gone', paused.shopId);
    await served('e2e-shop-gone', deleted.shopId);
    await api.data(`mutation($id: ID!) { setShopStatus(id: $id, status: PAUSED) { id } }`, { id: paused.shopId }, paused.token);
    await served('e2e-shop-gone', paused.shopId, false, 1000);
    await api.data(`mutation($id: ID!) { deleteShop(id: $id) }`, { id: deleted.shopId }, deleted.token);
    await served('e2e-shop-gone', deleted.shopId, false, 1000);
  });

  it('is never answered from the response cache: every answer is new, with new tokens and new impressions', async () => {
    const { shopId } = await advertisedShop(['e2e-uncached']);
    await served('e2e-uncached', shopId);
    const first = await api.request(SLATE, { area: 'e2e-uncached' });
    const second = await api.request(SLATE, { area: 'e2e-uncached' });
    expect(first.headers.get('x-shopgraph-cache')).not.toBe('hit');
    expect(second.headers.get('x-shopgraph-cache')).not.toBe('hit');
    expect(first.data!.sponsoredShops[0].trackingToken).not.toBe(second.data!.sponsoredShops[0].trackingToken);
  });

  it('fills the shops of a slate with one read-model MGET, as a bulk read costs', async () => {
    const shops = await Promise.all([advertisedShop(['e2e-mget'], { bidPerClick: 900 }), advertisedShop(['e2e-mget'], { bidPerClick: 800 }), advertisedShop(['e2e-mget'])]);
    for (const { shopId } of shops) await served('e2e-mget', shopId);
    await waitFor(async () => (await slate('e2e-mget')).every((slot) => slot.shop !== null), { what: 'the shops published' });
    const monitor = await monitorRedis(env.redisUrl, (args) => args.some((arg) => arg.startsWith(`${env.stack.prefix}:shop:`)));
    try {
      expect((await slate('e2e-mget')).map((slot) => slot.shop?.id)).toEqual(shops.map((shop) => shop.shopId));
      await waitFor(() => monitor.commands.length >= 1, { what: 'the read model read' });
      expect(monitor.commands.map((args) => [args[0]!.toLowerCase(), args.length - 1])).toEqual([['mget', 3]]);
    } finally {
      monitor.stop();
    }
  });

  it('refuses an area that is no code and a first outside 1 to 10, naming the argument', async () => {
    for (const [area, first, field] of [['강남', 3, 'area'], ['seoul-gangnam', 11, 'first'], ['seoul-gangnam', 0, 'first']] as const) {
      const response = await api.request(SLATE, { area, first });
      expect([errorCode(response), response.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
    }
  });

  it('records ids only in the ads events', async () => {
    const { rows } = await db.query<{ event: string; payload: Record<string, unknown> }>(`SELECT event, payload FROM "ads"."outbox"`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { event, payload } of rows) {
      const keys = event === 'ad.shop.changed' ? ['shopId'] : ['campaignId', 'shopId'];
      expect(Object.keys(payload).sort(), event).toEqual(keys.sort());
      for (const value of Object.values(payload)) expect(value, event).toMatch(/^\d+$/);
    }
  });
});

describe('clicks through the gateway', () => {
  it('counts and charges a click once per token, with no token of the customer’s, and the owner sees it within seconds', async () => {
    const { token: owner, shopId, campaignId } = await advertisedShop(['e2e-click'], { bidPerClick: 800 });
    await served('e2e-click', shopId);
    const token = await tokenOf('e2e-click');
    expect((await api.data(CLICK, { token })).recordAdClick).toBe(true);
    expect((await api.data(CLICK, { token })).recordAdClick).toBe(false);
    const counters = await waitFor(async () => {
      const found = await countersOf(owner, campaignId);
      return found.clicksToday === 1 ? found : undefined;
    }, { what: 'the click in the owner’s counters', timeoutMs: 5000 });
    expect(counters).toMatchObject({ spentToday: 800, clicksToday: 1, servingState: 'SERVING' });
    expect(counters.impressionsToday).toBeGreaterThanOrEqual(1);
  });

  it('refuses a forged or tampered token with BAD_USER_INPUT and answers false for an expired one', async () => {
    const { shopId } = await advertisedShop(['e2e-tokens'], { bidPerClick: 800 });
    await served('e2e-tokens', shopId);
    const token = await tokenOf('e2e-tokens');
    for (const forged of ['1.2.800.abc.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA', token.replace('.800.', '.100.'), '']) {
      const response = await click(forged);
      expect([response.status, errorCode(response), response.errors?.[0]?.extensions?.field]).toEqual([200, 'BAD_USER_INPUT', 'trackingToken']);
    }
    try {
      await shiftServingClock(30 * 60_000 + 1000);
      expect((await api.data(CLICK, { token })).recordAdClick).toBe(false);
    } finally {
      await shiftServingClock(0);
    }
  });

  it('never spends past the budget under concurrent clicks, and the campaign stops showing once spent', async () => {
    const { token: owner, shopId, campaignId } = await advertisedShop(['e2e-budget'], { bidPerClick: 1000, dailyBudget: 7000 });
    await served('e2e-budget', shopId);
    const tokens = await Promise.all(Array.from({ length: 30 }, () => tokenOf('e2e-budget')));
    const answers = await Promise.all(tokens.map(async (token) => (await api.data(CLICK, { token })).recordAdClick as boolean));
    expect(answers.filter(Boolean)).toHaveLength(7);
    await served('e2e-budget', shopId, false);
    const counters = await waitFor(async () => {
      const found = await countersOf(owner, campaignId);
      return found.clicksToday === 7 ? found : undefined;
    }, { what: 'the clicks in the owner’s counters', timeoutMs: 5000 });
    expect(counters).toMatchObject({ spentToday: 7000, servingState: 'BUDGET_SPENT' });
  });
});

describe('while PostgreSQL is stopped', () => {
  it('keeps serving the same slates and charging clicks, which reach PostgreSQL once it is back', async () => {
    const { token: owner, shopId, campaignId } = await advertisedShop(['e2e-pg-down'], { bidPerClick: 900 });
    const other = await advertisedShop(['e2e-pg-down']);
    await served('e2e-pg-down', shopId);
    await served('e2e-pg-down', other.shopId);
    const before = await shopIdsOf('e2e-pg-down');
    await env.postgres.stop();
    try {
      expect(await shopIdsOf('e2e-pg-down')).toEqual(before);
      expect((await api.data(CLICK, { token: await tokenOf('e2e-pg-down') })).recordAdClick).toBe(true);
      const owners = await api.request(`{ me { id } }`, {}, other.token);
      expect(owners.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await env.postgres.start();
    }
    const counters = await waitFor(async () => {
      const found = await countersOf(owner, campaignId).catch(() => undefined);
      return found?.clicksToday === 1 ? found : undefined;
    }, { what: 'the click charged during the outage in PostgreSQL', timeoutMs: 20_000 });
    expect(counters.spentToday).toBe(900);
  });
});
