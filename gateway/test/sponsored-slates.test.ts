import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig as loadServingConfig, startAdsServing, type AdsServing } from '@shopgraph/ads-serving-subgraph';
import { seoulDay } from '@shopgraph/ads-store/seoul-day';
import { startAdsCommandSide, type AdsCommandSide } from '@shopgraph/ads-subgraph/testing';
import { loadConfig as loadDisplayConfig, startDisplaySubgraph } from '@shopgraph/display-subgraph';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { createLogger } from '@shopgraph/telemetry/logger';
import { metricsRegistry } from '@shopgraph/telemetry/metrics';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';
import { graphqlRequest, type GraphQLResponse } from '@shopgraph/testing/graphql-request';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import type { RunningGateway } from '../src/create-gateway.js';
import { startTestGateway } from './test-gateway.js';

// Sponsored slates answered by the customer read path's two fetches, against the federated
// executor's answers: the real ads command side, ads serving and display subgraphs.
const OWNER = '41';
const prefix = uniquePrefix('slates');
const redis = createRedis(TEST_REDIS_URL, 'read-model');
const readModel = createReadModelStore({ redis, prefix });
let side: AdsCommandSide;
let serving: AdsServing;
let display: GraphQLService;
let direct: RunningGateway;
let federated: RunningGateway;

/** An open shop in the read model with a campaign in `area`. */
async function advertised(area: string, bidPerClick: number, inReadModel = true) {
  const shopId = await side.createShop(OWNER, { category: 'CHICKEN' });
  await side.changeShop(OWNER, `mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id: shopId });
  await side.known(shopId);
  if (inReadModel) await readModel.write(shopId, aShopDocument({ id: shopId, name: `광고 ${shopId}` }), { shop: 1, owner: 1, reviews: 0, deleted: false });
  const campaign = await side.createCampaign(OWNER, shopId, { areas: [area], bidPerClick, dailyBudget: 1_000_000 });
  return { shopId, campaignId: campaign.id as string };
}

const slateOf = (gateway: RunningGateway, query: string, variables: Record<string, unknown>) => graphqlRequest(gateway.graphqlUrl, query, variables);
/** An answer with each token replaced by its campaign and bid (the rest of a token is new on every answer). */
const withoutNonces = (response: GraphQLResponse) => JSON.stringify({ data: response.data, errors: response.errors }).replace(/"(\d+)\.(\d+)\.(\d+)\.[^"]+"/g, '"$1.$2.$3"');
const outcomes = async () => {
  const values = (await metricsRegistry.getSingleMetric('shopgraph_gateway_known_slates_total')?.get())?.values ?? [];
  const of = (outcome: string) => values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  return { answered: of('answered'), handedOver: of('handed_over') };
};

beforeAll(async () => {
  side = await startAdsCommandSide('gateway-slates');
  serving = await startAdsServing(
    loadServingConfig({ ...side.env, SERVICE_TOKEN_SECRET: side.secret, ADS_SERVING_PORT: '0', ADS_URL: side.ads.graphqlUrl, ADS_SERVING_CHECK_MS: '200' }),
    createLogger('ads-serving', 'silent'),
  );
  display = await startDisplaySubgraph(loadDisplayConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: TEST_REDIS_URL, READ_MODEL_PREFIX: prefix, INTERNAL_TOKEN_SECRET: side.secret }), createLogger('display', 'silent'));
  await readModel.markGeneration({ rebuiltAt: new Date().toISOString(), shops: 0 });
  const env = {
    ADS_SERVING_URL: serving.graphqlUrl,
    DISPLAY_URL: display.graphqlUrl,
    INTERNAL_TOKEN_SECRET: side.secret,
    READ_MODEL_REDIS_URL: TEST_REDIS_URL,
    READ_MODEL_PREFIX: prefix,
    THROTTLE_REDIS_URL: TEST_REDIS_URL,
    THROTTLE_PREFIX: prefix,
    // Its answers are about each path's answer, not the gateway's shedding on a busy machine.
    GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0',
  };
  direct = await startTestGateway(env);
  federated = await startTestGateway({ ...env, GATEWAY_DIRECT_READS: 'false' });
  await waitFor(() => serving.store.generation(), { what: 'the serving store built' });
});

afterAll(async () => {
  await direct?.close();
  await federated?.close();
  await display?.close();
  await serving?.close();
  await side?.close();
  redis.disconnect();
  await deleteKeysWithPrefix(prefix);
});

const SHAPES: [string, string, (area: string) => Record<string, unknown>][] = [
  [
    'every field, as the bench asks',
    `query Slate($area: String!) { sponsoredShops(area: $area, first: 3) { position trackingToken shop { id name category description phone address status minOrderAmount deliveryTip
      openingHours { day opens closes } notice ownerName menu { id name description price soldOut popular }
      promotions { id title } rating { average count } recentReviews { id rating } sourceVersion updatedAt } } }`,
    (area) => ({ area }),
  ],
  [
    'aliases, fragments, directives in the shop and __typename',
    `query Aliased($area: String!, $n: Int, $withMenu: Boolean!) { ads: sponsoredShops(area: $area, first: $n) { __typename at: position
      shop { ...Card menu @include(if: $withMenu) { name } __typename } token: trackingToken } }
    fragment Card on Shop { shopId: id name rating { average } }`,
    (area) => ({ area, n: 2, withMenu: true }),
  ],
];

describe('sponsored slates at the front', () => {
  it('answers a planned slate by its two fetches, exactly as the federated executor does', async () => {
    const area = 'gw-slates-shapes';
    const shops = [await advertised(area, 900), await advertised(area, 700), await advertised(area, 500)];
    await waitFor(async () => ((await slateOf(federated, SHAPES[0]![1], { area })).data?.sponsoredShops?.length ?? 0) === 3, { what: 'the three campaigns served' });
    for (const [what, query, variables] of SHAPES) {
      const first = await slateOf(direct, query, variables(area)); // planned: learned
      const before = await outcomes();
      const second = await slateOf(direct, query, variables(area));
      const reference = await slateOf(federated, query, variables(area));
      expect(await outcomes(), what).toEqual({ ...before, answered: before.answered + 1 });
      expect(reference.errors, what).toBeUndefined();
      expect(second.status, what).toBe(200);
      expect(second.headers.get('x-shopgraph-cache'), what).toBeNull(); // never cached
      expect(second.headers.get('cache-control'), what).toBe(reference.headers.get('cache-control'));
      expect(withoutNonces(second), what).toBe(withoutNonces(reference)); // field order too
      expect(withoutNonces(first), what).toBe(withoutNonces(reference));
    }
    expect(JSON.stringify((await slateOf(direct, SHAPES[0]![1], { area })).data)).toContain(shops[0]!.shopId);
  });

  it('counts each slot served once, and gives each answer new tokens', async () => {
    const area = 'gw-slates-count';
    const { campaignId } = await advertised(area, 800);
    const query = `query Count($area: String!) { sponsoredShops(area: $area, first: 1) { trackingToken shop { name } } }`;
    await waitFor(async () => ((await slateOf(direct, query, { area })).data?.sponsoredShops?.length ?? 0) === 1, { what: 'the campaign served' });
    const counted = async () => Number(await redis.hget(serving.store.keys.day(campaignId, seoulDay(Date.now())), 'impressions'));
    const [start, before] = [await counted(), await outcomes()];
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i += 1) tokens.add((await slateOf(direct, query, { area })).data!.sponsoredShops[0].trackingToken);
    expect((await outcomes()).answered - before.answered).toBe(5);
    expect((await counted()) - start).toBe(5);
    expect(tokens.size).toBe(5);
  });

  it('hands a slate it cannot fill in cleanly to the federated executor with its slots: counted once, the same answer', async () => {
    const area = 'gw-slates-missing';
    // A shop served before the read model has it: the executor's to answer (null, and how it says so).
    const { campaignId } = await advertised(area, 600, false);
    const query = `query Missing($area: String!) { sponsoredShops(area: $area) { position trackingToken shop { name } } }`;
    await waitFor(async () => ((await slateOf(federated, query, { area })).data?.sponsoredShops?.length ?? 0) === 1, { what: 'the campaign served' });
    await slateOf(direct, query, { area }); // planned: learned
    const counted = async () => Number(await redis.hget(serving.store.keys.day(campaignId, seoulDay(Date.now())), 'impressions'));
    const [start, before] = [await counted(), await outcomes()];
    const handedOver = await slateOf(direct, query, { area });
    const reference = await slateOf(federated, query, { area });
    expect(await outcomes()).toEqual({ ...before, handedOver: before.handedOver + 1 });
    expect(withoutNonces(handedOver)).toBe(withoutNonces(reference));
    expect(handedOver.data?.sponsoredShops[0].shop).toBeNull();
    expect((await counted()) - start).toBe(2); // one each: the handed-over slots were not fetched again
  });

  it('refuses, past the shop budget, as Apollo Server does', async () => {
    const query = `query Budget($area: String!, $n: Int) { a: sponsoredShops(area: $area, first: $n) { shop { name } } }`;
    await slateOf(direct, query, { area: 'gw-slates-budget', n: 1 }); // planned: learned
    for (const gateway of [direct, federated]) {
      // 101 is past the 100-shop budget before the ads serving subgraph's own 1 to 10 is checked.
      const refused = await slateOf(gateway, query, { area: 'gw-slates-budget', n: 101 });
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0]?.message).toMatch(/101 shops; at most 100/);
    }
  });
});
