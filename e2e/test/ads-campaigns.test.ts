import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '@shopgraph/testing/graphql-request';
import { gatewayClient } from '../support/client.js';
import { startStack, type Stack } from '../support/stack.js';

// The owners' side of ads through the gateway: campaigns created, changed and listed by the
// shop's owner only, every rule refused with BAD_USER_INPUT naming its field.
let stack: Stack;
let api: ReturnType<typeof gatewayClient>;

const CREATE = `mutation($shopId: ID!, $input: AdCampaignInput!) { createAdCampaign(shopId: $shopId, input: $input) { id shopId areas bidPerClick dailyBudget status servingState version } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateAdCampaignInput!) { updateAdCampaign(id: $id, input: $input) { id bidPerClick version } }`;
const SET_STATUS = `mutation($id: ID!, $status: AdCampaignStatus!) { setAdCampaignStatus(id: $id, status: $status) { id status servingState version } }`;
const MY_CAMPAIGNS = `{ me { shops { id adCampaigns { id bidPerClick status servingState spentToday clicksToday impressionsToday } } } }`;
const aCampaign = (overrides: Record<string, unknown> = {}) => ({ areas: ['seoul-gangnam'], bidPerClick: 500, dailyBudget: 20_000, ...overrides });

beforeAll(async () => {
  stack = await startStack({ label: 'e2e-ads-campaigns' });
  api = gatewayClient(stack.gatewayUrl);
});

afterAll(async () => {
  await stack?.close();
});

describe('ad campaigns through the gateway', () => {
  it('lets an owner create a campaign for a shop made a moment ago, change it, pause it and list it under the shop', async () => {
    const { token } = await api.signUp();
    const shop = await api.createShop(token);
    const { createAdCampaign } = await api.data(CREATE, { shopId: shop.id, input: aCampaign() }, token);
    // A new shop is CLOSED: its ads are not shown until it opens.
    expect(createAdCampaign).toMatchObject({ shopId: shop.id, areas: ['seoul-gangnam'], status: 'ACTIVE', servingState: 'SHOP_NOT_OPEN', version: 1 });

    await api.data(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id: shop.id }, token);
    expect((await api.data(UPDATE, { id: createAdCampaign.id, input: { bidPerClick: 700 } }, token)).updateAdCampaign).toMatchObject({ bidPerClick: 700, version: 2 });
    expect((await api.data(SET_STATUS, { id: createAdCampaign.id, status: 'PAUSED' }, token)).setAdCampaignStatus).toMatchObject({ status: 'PAUSED', servingState: 'PAUSED', version: 3 });

    const { me } = await api.data(MY_CAMPAIGNS, {}, token);
    expect(me.shops).toEqual([
      { id: shop.id, adCampaigns: [{ id: createAdCampaign.id, bidPerClick: 700, status: 'PAUSED', servingState: 'PAUSED', spentToday: 0, clicksToday: 0, impressionsToday: 0 }] },
    ]);
  });

  it('refuses another owner and anonymous callers, changing nothing', async () => {
    const owner = await api.signUp();
    const other = await api.signUp();
    const shop = await api.createShop(owner.token);
    const { createAdCampaign } = await api.data(CREATE, { shopId: shop.id, input: aCampaign() }, owner.token);

    expect(errorCode(await api.request(CREATE, { shopId: shop.id, input: aCampaign() }, other.token))).toBe('FORBIDDEN');
    expect(errorCode(await api.request(CREATE, { shopId: shop.id, input: aCampaign() }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.request(UPDATE, { id: createAdCampaign.id, input: { bidPerClick: 900 } }, other.token))).toBe('FORBIDDEN');
    expect(errorCode(await api.request(SET_STATUS, { id: createAdCampaign.id, status: 'PAUSED' }))).toBe('UNAUTHENTICATED');
    const { me } = await api.data(MY_CAMPAIGNS, {}, owner.token);
    expect(me.shops[0].adCampaigns).toEqual([expect.objectContaining({ id: createAdCampaign.id, bidPerClick: 500, status: 'ACTIVE' })]);
    // Another owner's view of their own shops shows none of it.
    expect((await api.data(MY_CAMPAIGNS, {}, other.token)).me.shops).toEqual([]);
  });

  it('answers every rule with BAD_USER_INPUT naming the field, over HTTP 200', async () => {
    const { token } = await api.signUp();
    const shop = await api.createShop(token);
    const cases: [Record<string, unknown>, string][] = [
      [{ areas: [] }, 'input.areas'],
      [{ areas: ['강남'] }, 'input.areas.0'],
      [{ bidPerClick: 50 }, 'input.bidPerClick'],
      [{ dailyBudget: 400 }, 'input.dailyBudget'],
      [{ startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2029-01-01T00:00:00.000Z' }, 'input.endsAt'],
    ];
    for (const [override, field] of cases) {
      const response = await api.request(CREATE, { shopId: shop.id, input: aCampaign(override) }, token);
      expect([response.status, errorCode(response), response.errors?.[0]?.extensions?.field]).toEqual([200, 'BAD_USER_INPUT', field]);
    }
    expect((await api.data(MY_CAMPAIGNS, {}, token)).me.shops[0].adCampaigns).toEqual([]);
  });
});
