import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorCode } from '@shopgraph/testing/graphql-request';
import { loadConfig } from '../src/config.js';
import { aCampaign, CAMPAIGN_FIELDS, startAdsCommandSide, type AdsCommandSide } from '../src/testing/ads-command-side.js';

let side: AdsCommandSide;
const OWNER = '101';
const OTHER_OWNER = '202';
const HOUR = 3600_000;

const CREATE = `mutation($shopId: ID!, $input: AdCampaignInput!) { createAdCampaign(shopId: $shopId, input: $input) { ${CAMPAIGN_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateAdCampaignInput!) { updateAdCampaign(id: $id, input: $input) { ${CAMPAIGN_FIELDS} } }`;
const SET_STATUS = `mutation($id: ID!, $status: AdCampaignStatus!) { setAdCampaignStatus(id: $id, status: $status) { ${CAMPAIGN_FIELDS} } }`;
const OPEN = `mutation($id: ID!, $status: ShopStatus!) { setShopStatus(id: $id, status: $status) { id } }`;

/** A shop of OWNER that the ads system knows, open unless told otherwise. */
async function knownShop(status: 'OPEN' | 'CLOSED' = 'OPEN'): Promise<string> {
  const shopId = await side.createShop(OWNER);
  if (status === 'OPEN') await side.changeShop(OWNER, OPEN, { id: shopId, status: 'OPEN' });
  await side.known(shopId);
  return shopId;
}

/** What the database holds, to show that a refused change changed nothing. */
async function snapshot() {
  return { campaigns: await side.ads.prisma.adCampaign.findMany({ orderBy: { id: 'asc' } }), events: await side.events() };
}

beforeAll(async () => {
  side = await startAdsCommandSide('ads');
});

afterAll(async () => {
  await side?.close();
});

afterEach(async () => {
  await side.shiftClock(0);
});

describe('createAdCampaign', () => {
  it('creates an ACTIVE campaign at version 1, starting now, recording ad.campaign.created with ids only', async () => {
    const shopId = await knownShop();
    const before = Date.now();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['seoul-gangnam', 'seoul-seocho', 'seoul-gangnam'] });
    expect(campaign).toMatchObject({
      shopId,
      areas: ['seoul-gangnam', 'seoul-seocho'],
      bidPerClick: 500,
      dailyBudget: 10_000,
      endsAt: null,
      status: 'ACTIVE',
      servingState: 'SERVING',
      spentToday: 0,
      clicksToday: 0,
      impressionsToday: 0,
      version: 1,
    });
    expect(Date.parse(campaign.startsAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(campaign.startsAt)).toBeLessThanOrEqual(Date.now());
    expect((await side.events()).at(-1)).toEqual({ event: 'ad.campaign.created', payload: { campaignId: campaign.id, shopId } });
  });

  it('asks the shop system about a shop the ads system has not heard of yet', async () => {
    const shopId = await knownShop();
    // As if its shop.created had not arrived yet.
    await side.ads.prisma.adKnownShop.delete({ where: { shopId: Number(shopId) } });
    const campaign = await side.createCampaign(OWNER, shopId);
    expect(campaign).toMatchObject({ shopId, servingState: 'SERVING' });
    expect(await side.ads.prisma.adKnownShop.findUnique({ where: { shopId: Number(shopId) } })).toMatchObject({ ownerId: Number(OWNER), status: 'OPEN' });
  });

  it('refuses another owner (FORBIDDEN), anonymous callers (UNAUTHENTICATED), unknown and deleted shops (NOT_FOUND), changing nothing', async () => {
    const shopId = await knownShop();
    const deleted = await knownShop();
    await side.changeShop(OWNER, `mutation($id: ID!) { deleteShop(id: $id) }`, { id: deleted });
    await side.known(deleted);
    const before = await snapshot();
    expect(errorCode(await side.call(CREATE, { shopId, input: aCampaign() }, OTHER_OWNER))).toBe('FORBIDDEN');
    expect(errorCode(await side.call(CREATE, { shopId, input: aCampaign() }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await side.call(CREATE, { shopId: '999999', input: aCampaign() }, OWNER))).toBe('NOT_FOUND');
    expect(errorCode(await side.call(CREATE, { shopId: 'not-an-id', input: aCampaign() }, OWNER))).toBe('NOT_FOUND');
    expect(errorCode(await side.call(CREATE, { shopId: deleted, input: aCampaign() }, OWNER))).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    [{ areas: [] }, 'input.areas'],
    [{ areas: Array.from({ length: 21 }, (_, i) => `area-${i}`) }, 'input.areas'],
    [{ areas: ['Seoul-Gangnam'] }, 'input.areas.0'],
    [{ areas: ['seoul-gangnam', 'x'] }, 'input.areas.1'],
    [{ areas: ['a'.repeat(41)] }, 'input.areas.0'],
    [{ areas: ['seoul gangnam'] }, 'input.areas.0'],
    [{ bidPerClick: 99 }, 'input.bidPerClick'],
    [{ bidPerClick: 10_001 }, 'input.bidPerClick'],
    [{ dailyBudget: 499 }, 'input.dailyBudget'],
    [{ dailyBudget: 10_000_001 }, 'input.dailyBudget'],
    [{ startsAt: '2030-01-02T00:00:00.000Z', endsAt: '2030-01-02T00:00:00.000Z' }, 'input.endsAt'],
    [{ endsAt: '2020-01-01T00:00:00.000Z' }, 'input.endsAt'],
  ])('refuses %o with BAD_USER_INPUT naming %s and stores nothing', async (override, field) => {
    const shopId = await knownShop();
    const before = await snapshot();
    const response = await side.call(CREATE, { shopId, input: aCampaign(override) }, OWNER);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps a shop to 20 campaigns, also when they are created at once, naming shopId', async () => {
    const shopId = await knownShop();
    const responses = await Promise.all(Array.from({ length: 24 }, () => side.call(CREATE, { shopId, input: aCampaign() }, OWNER)));
    expect(responses.filter((response) => !response.errors).length).toBe(20);
    const refused = responses.filter((response) => response.errors);
    expect(refused.map((response) => [errorCode(response), response.errors?.[0]?.extensions?.field])).toEqual(Array(4).fill(['BAD_USER_INPUT', 'shopId']));
    expect(await side.ads.prisma.adCampaign.count({ where: { shopId: Number(shopId) } })).toBe(20);
  });
});

describe('updateAdCampaign and setAdCampaignStatus', () => {
  it('changes only the given fields, grows the version by one per change, and records ad.campaign.updated', async () => {
    const shopId = await knownShop();
    const campaign = await side.createCampaign(OWNER, shopId, { endsAt: '2099-01-01T00:00:00.000Z' });
    const first = dataOf(await side.call(UPDATE, { id: campaign.id, input: { bidPerClick: 800, areas: ['busan-haeundae'] } }, OWNER)).updateAdCampaign;
    expect(first).toMatchObject({ bidPerClick: 800, areas: ['busan-haeundae'], dailyBudget: 10_000, endsAt: '2099-01-01T00:00:00.000Z', version: 2 });
    const second = dataOf(await side.call(UPDATE, { id: campaign.id, input: { endsAt: null } }, OWNER)).updateAdCampaign;
    expect(second).toMatchObject({ bidPerClick: 800, endsAt: null, version: 3 });
    const events = (await side.events()).filter((e) => (e.payload as { campaignId?: string }).campaignId === campaign.id);
    expect(events.map((e) => e.event)).toEqual(['ad.campaign.created', 'ad.campaign.updated', 'ad.campaign.updated']);
  });

  it('is no change (no new version, no event) when nothing differs', async () => {
    const shopId = await knownShop();
    const campaign = await side.createCampaign(OWNER, shopId);
    const before = await side.events();
    expect(dataOf(await side.call(UPDATE, { id: campaign.id, input: { bidPerClick: 500 } }, OWNER)).updateAdCampaign.version).toBe(1);
    expect(dataOf(await side.call(UPDATE, { id: campaign.id, input: {} }, OWNER)).updateAdCampaign.version).toBe(1);
    expect(dataOf(await side.call(SET_STATUS, { id: campaign.id, status: 'ACTIVE' }, OWNER)).setAdCampaignStatus.version).toBe(1);
    expect(await side.events()).toEqual(before);
  });

  it('checks the rules that span fields against the stored campaign, naming the field, changing nothing', async () => {
    const shopId = await knownShop();
    const campaign = await side.createCampaign(OWNER, shopId, { bidPerClick: 1000, dailyBudget: 5000, startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2030-02-01T00:00:00.000Z' });
    const before = await snapshot();
    const refusals = [
      [{ bidPerClick: 6000 }, 'input.dailyBudget'],
      [{ dailyBudget: 999 }, 'input.dailyBudget'],
      [{ startsAt: '2030-03-01T00:00:00.000Z' }, 'input.endsAt'],
      [{ endsAt: '2029-12-31T00:00:00.000Z' }, 'input.endsAt'],
      [{ bidPerClick: null }, 'input.bidPerClick'],
      [{ areas: null }, 'input.areas'],
      [{ areas: ['ok-area', 'NOT OK'] }, 'input.areas.1'],
    ] as const;
    for (const [input, field] of refusals) {
      const response = await side.call(UPDATE, { id: campaign.id, input }, OWNER);
      expect([errorCode(response), response.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
    }
    expect(await snapshot()).toEqual(before);
    // Both fields at once, consistent with each other: accepted.
    expect(dataOf(await side.call(UPDATE, { id: campaign.id, input: { bidPerClick: 6000, dailyBudget: 60_000 } }, OWNER)).updateAdCampaign.version).toBe(2);
  });

  it('pauses and resumes, recording ad.campaign.paused and ad.campaign.resumed', async () => {
    const shopId = await knownShop();
    const campaign = await side.createCampaign(OWNER, shopId);
    expect(dataOf(await side.call(SET_STATUS, { id: campaign.id, status: 'PAUSED' }, OWNER)).setAdCampaignStatus).toMatchObject({ status: 'PAUSED', servingState: 'PAUSED', version: 2 });
    expect(dataOf(await side.call(SET_STATUS, { id: campaign.id, status: 'ACTIVE' }, OWNER)).setAdCampaignStatus).toMatchObject({ status: 'ACTIVE', servingState: 'SERVING', version: 3 });
    const events = (await side.events()).filter((e) => (e.payload as { campaignId?: string }).campaignId === campaign.id).map((e) => e.event);
    expect(events).toEqual(['ad.campaign.created', 'ad.campaign.paused', 'ad.campaign.resumed']);
  });

  it('refuses another owner and anonymous callers, and answers NOT_FOUND for unknown campaigns, changing nothing', async () => {
    const shopId = await knownShop();
    const campaign = await side.createCampaign(OWNER, shopId);
    const before = await snapshot();
    expect(errorCode(await side.call(UPDATE, { id: campaign.id, input: { bidPerClick: 700 } }, OTHER_OWNER))).toBe('FORBIDDEN');
    expect(errorCode(await side.call(SET_STATUS, { id: campaign.id, status: 'PAUSED' }, OTHER_OWNER))).toBe('FORBIDDEN');
    expect(errorCode(await side.call(UPDATE, { id: campaign.id, input: { bidPerClick: 700 } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await side.call(SET_STATUS, { id: campaign.id, status: 'PAUSED' }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await side.call(UPDATE, { id: '999999', input: { bidPerClick: 700 } }, OWNER))).toBe('NOT_FOUND');
    expect(errorCode(await side.call(SET_STATUS, { id: 'x', status: 'PAUSED' }, OWNER))).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('gives concurrent changes distinct versions', async () => {
    const shopId = await knownShop();
    const campaign = await side.createCampaign(OWNER, shopId);
    // Ten bids that all differ from the campaign's 500: a bid it already has is no change (no new version).
    await Promise.all(Array.from({ length: 10 }, (_, i) => side.call(UPDATE, { id: campaign.id, input: { bidPerClick: 1000 + 100 * i } }, OWNER)));
    expect((await side.ads.prisma.adCampaign.findUniqueOrThrow({ where: { id: Number(campaign.id) } })).version).toBe(11);
  });
});

describe('servingState', () => {
  const STATE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ManagedShop { adCampaigns { id servingState } } } }`;
  const stateOf = async (shopId: string, campaignId: string) => {
    const shops = dataOf(await side.call(STATE, { reps: [{ __typename: 'ManagedShop', id: shopId }] }, OWNER))._entities;
    return shops[0].adCampaigns.find((c: { id: string }) => c.id === campaignId).servingState as string;
  };

  it('follows the clock: SCHEDULED before startsAt, SERVING between, ENDED from endsAt on', async () => {
    const shopId = await knownShop();
    const now = Date.now();
    const campaign = await side.createCampaign(OWNER, shopId, { startsAt: new Date(now + HOUR).toISOString(), endsAt: new Date(now + 2 * HOUR).toISOString() });
    expect(campaign.servingState).toBe('SCHEDULED');
    await side.shiftClock(HOUR + 1000);
    expect(await stateOf(shopId, campaign.id)).toBe('SERVING');
    await side.shiftClock(2 * HOUR + 1000);
    expect(await stateOf(shopId, campaign.id)).toBe('ENDED');
  });

  it('says SHOP_NOT_OPEN once the shop is paused, from the shop event alone', async () => {
    const shopId = await knownShop();
    const campaign = await side.createCampaign(OWNER, shopId);
    await side.changeShop(OWNER, OPEN, { id: shopId, status: 'PAUSED' });
    await side.known(shopId);
    expect(await stateOf(shopId, campaign.id)).toBe('SHOP_NOT_OPEN');
    expect(await side.events()).toContainEqual({ event: 'ad.shop.changed', payload: { shopId } });
  });

  it('says BUDGET_SPENT when less than a click is left of today’s budget', async () => {
    const shopId = await knownShop();
    const campaign = await side.createCampaign(OWNER, shopId, { bidPerClick: 1000, dailyBudget: 2500 });
    const day = new Date(new Date(Date.now() + 9 * HOUR).toISOString().slice(0, 10));
    await side.ads.prisma.adCampaignDay.create({ data: { campaignId: Number(campaign.id), day, spent: 2000, clicks: 2, impressions: 40 } });
    const [shop] = dataOf(await side.call(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ManagedShop { adCampaigns { id servingState spentToday clicksToday impressionsToday } } } }`, { reps: [{ __typename: 'ManagedShop', id: shopId }] }, OWNER))._entities;
    expect(shop.adCampaigns[0]).toEqual({ id: campaign.id, servingState: 'BUDGET_SPENT', spentToday: 2000, clicksToday: 2, impressionsToday: 40 });
    // The next Seoul day starts with the whole budget.
    await side.shiftClock(24 * HOUR);
    expect(await stateOf(shopId, campaign.id)).toBe('SERVING');
  });
});

describe('ManagedShop.adCampaigns', () => {
  const CAMPAIGNS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ManagedShop { id adCampaigns { id } } } }`;

  it('lists the shop’s campaigns newest first, to its owner only', async () => {
    const shopId = await knownShop();
    const first = await side.createCampaign(OWNER, shopId);
    const second = await side.createCampaign(OWNER, shopId);
    const reps = [{ __typename: 'ManagedShop', id: shopId }];
    expect(dataOf(await side.call(CAMPAIGNS, { reps }, OWNER))._entities[0].adCampaigns).toEqual([{ id: second.id }, { id: first.id }]);
    expect(dataOf(await side.call(CAMPAIGNS, { reps }, OTHER_OWNER))._entities[0].adCampaigns).toEqual([]);
    expect(dataOf(await side.call(CAMPAIGNS, { reps }))._entities[0].adCampaigns).toEqual([]);
  });
});

describe('the internal queries', () => {
  it('answer services only: shops with their campaigns and today’s counters, in the order asked', async () => {
    const shopId = await knownShop();
    const campaign = await side.createCampaign(OWNER, shopId, { areas: ['seoul-mapo'] });
    const query = `query($ids: [ID!]!) { adShopSnapshots(ids: $ids) { shopId known status category deleted campaigns { id areas bidPerClick status spent clicks impressions day } } }`;
    expect(errorCode(await side.call(query, { ids: [shopId] }, OWNER))).toBe('FORBIDDEN');
    const [unknown, shop] = dataOf(await side.asService(query, { ids: ['999999', shopId] })).adShopSnapshots;
    expect(unknown).toMatchObject({ shopId: '999999', known: false, campaigns: [] });
    expect(shop).toMatchObject({ shopId, known: true, status: 'OPEN', category: 'CHICKEN', deleted: false });
    expect(shop.campaigns[0]).toMatchObject({ id: campaign.id, areas: ['seoul-mapo'], bidPerClick: 500, status: 'ACTIVE', spent: 0, clicks: 0, impressions: 0 });
    const ids = dataOf(await side.asService(`query { adShopIds(first: 1000) }`)).adShopIds as string[];
    expect(ids).toContain(shopId);
    expect(ids).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
  });
});

describe('the test clock', () => {
  it('is refused in production', async () => {
    const secrets = { INTERNAL_TOKEN_SECRET: 'Qm9vdGhzIGFyZSByYW5kb20gZW5vdWdoIGZvciB0aGlz', SERVICE_TOKEN_SECRET: 'YW5vdGhlciBzdHJvbmcgc2VjcmV0IGZvciB0ZXN0czEy' };
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).not.toThrow();
    expect(() => loadConfig({ NODE_ENV: 'production', ADS_TEST_CLOCK: 'true', ...secrets })).toThrow(/ADS_TEST_CLOCK/);
  });
});
