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

/** Moves the ads serving process's clock (ADS_TEST_CLOCK). */
async function shiftServingClock(offsetMs: number) {
  const response = await fetch(`${env.stack.url('ads-serving')}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs }) });
  expect(response.ok).toBe(true);
}

beforeAll(async () => {
  env = await startPrivateDatabaseStack('e2e-ads-serving');
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

describe('while PostgreSQL is stopped', () => {
  it('keeps serving the same slates from the serving store', async () => {
    const { shopId } = await advertisedShop(['e2e-pg-down'], { bidPerClick: 900 });
    const other = await advertisedShop(['e2e-pg-down']);
    await served('e2e-pg-down', shopId);
    await served('e2e-pg-down', other.shopId);
    const before = await shopIdsOf('e2e-pg-down');
    await env.postgres.stop();
    try {
      expect(await shopIdsOf('e2e-pg-down')).toEqual(before);
      const owners = await api.request(`{ me { id } }`, {}, other.token);
      expect(owners.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await env.postgres.start();
    }
  });
});
