import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER, type Identity } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { loadConfig as shopConfig, startShopSubgraph } from '@shopgraph/shop-subgraph';
import { dataOf, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../config.js';
import { startAdsSubgraph } from '../start-ads-subgraph.js';

/** A valid AdCampaignInput with overrides (test data builder). */
export const aCampaign = (overrides: Record<string, unknown> = {}) => ({ areas: ['seoul-gangnam'], bidPerClick: 500, dailyBudget: 10_000, ...overrides });

export const CAMPAIGN_FIELDS = 'id shopId areas bidPerClick dailyBudget startsAt endsAt status servingState spentToday clicksToday impressionsToday version createdAt updatedAt';

/**
 * For tests (`@shopgraph/ads-subgraph/testing`): the real shop subgraph and the ads subgraph on
 * a database and queue prefix of their own, as in production: shop events reach the ads
 * system's known-shops consumer. The ads subgraph's clock is movable (ADS_TEST_CLOCK), through
 * its POST /test/clock.
 */
export async function startAdsCommandSide(label: string, env: Record<string, string> = {}) {
  const secret = `${label}-test-internal-secret`;
  const identities = createIdentityCodec(secret);
  const db: TestDatabase = await createTestDatabase(label);
  const prefix = uniquePrefix(label);
  const common = { DATABASE_URL: db.url, QUEUE_REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_TOKEN_SECRET: secret, ADS_REDIS_URL: TEST_REDIS_URL, ADS_STORE_PREFIX: prefix };
  const shop: CommandSubgraph = await startShopSubgraph(shopConfig({ ...common, SHOP_PORT: '0' }), createLogger('shop', 'silent'));
  const startAds = () => startAdsSubgraph(loadConfig({ ...common, ADS_PORT: '0', SHOP_URL: shop.graphqlUrl, ADS_TEST_CLOCK: 'true', ...env }), createLogger('ads', 'silent'));
  let ads: CommandSubgraph = await startAds();
  // Ready as a deployment is: their first queries connect to PostgreSQL, which two test files
  // starting at once on a loaded machine make slower than a request's connect timeout.
  for (const service of [shop, ads]) await waitFor(async () => (await fetch(`${service.url}/ready`)).ok, { what: `${service.url} ready`, timeoutMs: 30_000 });

  let adsStopped = false;
  const signed = async (identity: Identity, audience: 'shop' | 'ads') => ({ [IDENTITY_HEADER]: await identities.sign(identity, audience) });
  const as = (ownerId?: string): Identity => (ownerId ? { kind: 'owner', ownerId } : ANONYMOUS);

  const side = {
    db,
    prefix,
    /** The internal token secret the processes share (INTERNAL_TOKEN_SECRET, and the services' key in tests). */
    secret,
    /** The environment the processes were started with, for more processes of the same side. */
    env: common,
    shop,
    ads,
    identities,
    /** A GraphQL request to the ads subgraph as the gateway sends it: for the owner, or anonymous. */
    call: async (query: string, variables: Record<string, unknown> = {}, ownerId?: string) => graphqlRequest(ads.graphqlUrl, query, variables, await signed(as(ownerId), 'ads')),
    /** As a platform service (the ads serving projector). */
    asService: async (query: string, variables: Record<string, unknown> = {}) =>
      graphqlRequest(ads.graphqlUrl, query, variables, await signed({ kind: 'service', service: 'ads-serving' }, 'ads')),
    async createShop(ownerId: string, overrides: Record<string, unknown> = {}): Promise<string> {
      const input = { name: '광고 치킨', category: 'CHICKEN', phone: '02-123-4567', address: '서울 강남구', ...overrides };
      const response = await graphqlRequest(shop.graphqlUrl, `mutation($input: CreateShopInput!) { createShop(input: $input) { id } }`, { input }, await signed(as(ownerId), 'shop'));
      return dataOf(response).createShop.id as string;
    },
    async changeShop(ownerId: string, mutation: string, variables: Record<string, unknown>) {
      return dataOf(await graphqlRequest(shop.graphqlUrl, mutation, variables, await signed(as(ownerId), 'shop')));
    },
    /** Waits until the ads system's record of the shop is at the shop's current version. */
    async known(shopId: string) {
      const { version } = await shop.prisma.shop.findUniqueOrThrow({ where: { id: Number(shopId) } });
      return waitFor(async () => {
        const row = await ads.prisma.adKnownShop.findUnique({ where: { shopId: Number(shopId) } });
        return row && row.version === version ? row : undefined;
      }, { what: `shop ${shopId} known to ads at v${version}` });
    },
    async createCampaign(ownerId: string, shopId: string, overrides: Record<string, unknown> = {}) {
      const response = await graphqlRequest(
        ads.graphqlUrl,
        `mutation($shopId: ID!, $input: AdCampaignInput!) { createAdCampaign(shopId: $shopId, input: $input) { ${CAMPAIGN_FIELDS} } }`,
        { shopId, input: aCampaign(overrides) },
        await signed(as(ownerId), 'ads'),
      );
      return dataOf(response).createAdCampaign;
    },
    /** The ads outbox's events, oldest first. */
    async events() {
      return (await ads.prisma.adsOutbox.findMany({ orderBy: { id: 'asc' } })).map((row) => ({ event: row.event, payload: row.payload }));
    },
    /** Moves the ads subgraph's clock this far ahead of the system's. */
    async shiftClock(offsetMs: number) {
      const response = await fetch(ads.graphqlUrl.replace(/\/graphql$/, '/test/clock'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs }) });
      if (!response.ok) throw new Error(`test clock: ${response.status}`);
    },
    /** Stops the ads subgraph (as if its process were gone); close() then leaves it. */
    async stopAds() {
      adsStopped = true;
      await ads.close();
    },
    /** Starts the ads subgraph again after stopAds (on another port: `ads` is the new one). */
    async restartAds() {
      ads = await startAds();
      adsStopped = false;
      side.ads = ads;
    },
    async close() {
      if (!adsStopped) await ads.close();
      await shop.close();
      await db.drop();
      await deleteKeysWithPrefix(prefix);
    },
  };
  return side;
}

export type AdsCommandSide = Awaited<ReturnType<typeof startAdsCommandSide>>;
