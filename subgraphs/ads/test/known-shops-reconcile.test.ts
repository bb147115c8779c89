import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileTotals } from '@shopgraph/consumer-runtime/consumer-reconcile';
import { queueDrained } from '@shopgraph/testing/queue-drained';
import { waitFor } from '@shopgraph/testing/wait-for';
import { startAdsCommandSide, type AdsCommandSide } from '../src/testing/ads-command-side.js';

// The real shop subgraph is the source; its events reach the ads system's known-shops consumer
// as in production. Rows are then changed behind the consumer's back, as a lost event leaves them.
let side: AdsCommandSide;
const OWNER = '7';
const known = (shopId: string) => side.ads.prisma.adKnownShop.findUnique({ where: { shopId: Number(shopId) } });

const repaired = async (kind: 'missing' | 'stale' | 'removed') => (await reconcileTotals('ads-shops'))[kind];

beforeAll(async () => {
  side = await startAdsCommandSide('ads-reconcile', { ADS_SHOPS_RECONCILE_MS: '200' });
});

afterAll(async () => {
  await side?.close();
});

describe('the known-shops reconcile', () => {
  it('gives back a shop whose row was lost, with no event, and counts it', async () => {
    const shopId = await side.createShop(OWNER);
    await side.known(shopId);
    await waitFor(() => queueDrained('ads-shops', side.prefix), { what: 'the ads-shops queue drained' });
    const before = await repaired('missing');
    await side.ads.prisma.adKnownShop.delete({ where: { shopId: Number(shopId) } });
    await waitFor(() => known(shopId), { what: `shop ${shopId} known again` });
    expect(await repaired('missing')).toBeGreaterThan(before);
  });

  it('repairs a status change whose event was lost, and records ad.shop.changed for a shop with campaigns', async () => {
    const shopId = await side.createShop(OWNER);
    await side.changeShop(OWNER, `mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id: shopId });
    await side.known(shopId);
    await side.createCampaign(OWNER, shopId);
    await waitFor(() => queueDrained('ads-shops', side.prefix), { what: 'the ads-shops queue drained' });
    const before = await repaired('stale');
    // As if the shop.updated of its pause had never arrived.
    await side.ads.prisma.adKnownShop.update({ where: { shopId: Number(shopId) }, data: { status: 'PAUSED', version: { decrement: 1 } } });
    await waitFor(async () => (await known(shopId))?.status === 'OPEN', { what: `shop ${shopId} open again` });
    expect(await repaired('stale')).toBeGreaterThan(before);
    expect(await side.events()).toContainEqual({ event: 'ad.shop.changed', payload: { shopId } });
  });

  it('marks deleted a shop whose deletion was lost, and counts it', async () => {
    const shopId = await side.createShop(OWNER);
    await side.changeShop(OWNER, `mutation($id: ID!) { deleteShop(id: $id) }`, { id: shopId });
    await waitFor(async () => (await known(shopId))?.deleted === true, { what: `shop ${shopId} deleted from its event` });
    // Its events' jobs done: nothing but the reconcile can give the deletion back.
    await waitFor(() => queueDrained('ads-shops', side.prefix), { what: 'the ads-shops queue drained' });
    const before = await repaired('removed');
    await side.ads.prisma.adKnownShop.update({ where: { shopId: Number(shopId) }, data: { deleted: false, version: { decrement: 1 } } });
    await waitFor(async () => (await known(shopId))?.deleted === true, { what: `shop ${shopId} deleted again` });
    expect(await repaired('removed')).toBeGreaterThan(before);
  });
});
