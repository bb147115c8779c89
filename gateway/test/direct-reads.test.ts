import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { loadConfig as loadDisplayConfig, startDisplaySubgraph } from '@shopgraph/display-subgraph';
import { createReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';
import { graphqlRequest } from '@shopgraph/testing/graphql-request';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import type { RunningGateway } from '../src/create-gateway.js';
import { startTestGateway } from './test-gateway.js';
import { servedByOneSubgraph } from '../src/customer-reads/served-by-one-subgraph.js';

const prefix = uniquePrefix('direct');
const redis = createRedis(TEST_REDIS_URL, 'read-model');
const silent = createLogger('test', 'silent');
let display: GraphQLService;
let direct: RunningGateway;
let federated: RunningGateway;

beforeAll(async () => {
  const store = createReadModelStore({ redis, prefix });
  for (const id of ['1', '2']) {
    await store.write(id, aShopDocument({ id, name: `shop ${id}` }), { shop: 1, owner: 1, reviews: 0, deleted: false });
  }
  // A whole read model, as a rebuild leaves it: an unknown shop is then null, not "being rebuilt".
  await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops: 2 });
  display = await startDisplaySubgraph(loadDisplayConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: TEST_REDIS_URL, READ_MODEL_PREFIX: prefix }), silent);
  // No load shedding: these answers are about what each path returns, and on a busy 2-core
  // machine the shedder refused some of them 503 (as gateway.test's once were).
  const env = { DISPLAY_URL: display.graphqlUrl, READ_MODEL_REDIS_URL: TEST_REDIS_URL, READ_MODEL_PREFIX: prefix, GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0' };
  direct = await startTestGateway(env);
  federated = await startTestGateway({ ...env, GATEWAY_DIRECT_READS: 'false' });
});

afterAll(async () => {
  await direct?.close();
  await federated?.close();
  await display?.close();
  redis.disconnect();
  await deleteKeysWithPrefix(prefix);
});

const NO_CACHE = { 'cache-control': 'no-cache' };

const SHAPES: [string, string, Record<string, unknown>][] = [
  ['every field', `query One($id: ID!) { shop(id: $id) { id name category description phone address status minOrderAmount deliveryTip
      openingHours { day opens closes } notice ownerName menu { id name description price soldOut popular }
      promotions { id title } rating { average count } recentReviews { id rating } sourceVersion updatedAt projectedAt } }`, { id: '1' }],
  ['aliases, fragments, directives and __typename', `query Shape($ids: [ID!]!, $withMenu: Boolean!) {
      first: shop(id: "2") { ...Card __typename }
      many: shops(ids: $ids) { ...Card menu @include(if: $withMenu) { name } }
    }
    fragment Card on Shop { shopId: id name rating { average } }`, { ids: ['2', 'nope', '1'], withMenu: true }],
  ['an unknown shop', `{ shop(id: "404") { id } }`, {}],
];

describe('direct reads', () => {
  it('holds only while the display subgraph alone serves shop reads', () => {
    const supergraph = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');
    expect(servedByOneSubgraph(supergraph, 'DISPLAY', ['shop', 'shops'])).toBe(true);
    expect(servedByOneSubgraph(supergraph, 'DISPLAY', ['searchShops'])).toBe(false);
    // Were another subgraph to contribute a Shop field, the planner would need two fetches.
    const extended = supergraph.replace('  sourceVersion: Int! @join__field(graph: DISPLAY)', '  sourceVersion: Int! @join__field(graph: SHOP)');
    expect(extended).not.toBe(supergraph);
    expect(servedByOneSubgraph(extended, 'DISPLAY', ['shop', 'shops'])).toBe(false);
  });

  for (const [what, query, variables] of SHAPES) {
    it(`answers exactly as the federated executor does: ${what}`, async () => {
      // Twice through the direct gateway: Apollo Server learns the operation, then the front
      // forwards it (no-cache: the response cache would answer the repeat before either path).
      const first = await graphqlRequest(direct.graphqlUrl, query, variables, NO_CACHE);
      const second = await graphqlRequest(direct.graphqlUrl, query, variables, NO_CACHE);
      const reference = await graphqlRequest(federated.graphqlUrl, query, variables, NO_CACHE);
      expect(reference.errors).toBeUndefined();
      expect(first.data).toEqual(reference.data);
      expect(second.data).toEqual(reference.data);
      expect(JSON.stringify(second.data)).toBe(JSON.stringify(reference.data)); // field order too
    });
  }

  it('leaves errors to the federated executor, so they look the same either way', async () => {
    const query = 'query Many($ids: [ID!]!) { shops(ids: $ids) { id } }';
    const variables = { ids: Array.from({ length: 101 }, (_, i) => String(i)) };
    for (let i = 0; i < 2; i += 1) {
      const answer = await graphqlRequest(direct.graphqlUrl, query, variables, NO_CACHE);
      const reference = await graphqlRequest(federated.graphqlUrl, query, variables, NO_CACHE);
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors).toEqual(reference.errors);
    }
  });

  it('refuses a learned shop read whose variables ask for more shops than the budget, as the federated executor does', async () => {
    // 15 aliases, one id each: within the budget, so Apollo Server validates and learns it.
    const aliases = Array.from({ length: 15 }, (_, i) => i);
    const query = `query Wide(${aliases.map((i) => `$v${i}: [ID!]!`).join(', ')}) {
      ${aliases.map((i) => `a${i}: shops(ids: $v${i}) { id name menu { name description } }`).join('\n      ')} }`;
    const narrow = Object.fromEntries(aliases.map((i) => [`v${i}`, ['1']]));
    const learned = await graphqlRequest(direct.graphqlUrl, query, narrow, NO_CACHE);
    expect(learned.errors).toBeUndefined();
    // The same text with 100 ids in every variable: 1,500 shops, past the 100-shop budget.
    const wide = Object.fromEntries(aliases.map((i) => [`v${i}`, Array.from({ length: 100 }, (_, id) => String(id + 1))]));
    for (const gateway of [direct, federated]) {
      const answer = await graphqlRequest(gateway.graphqlUrl, query, wide, NO_CACHE);
      expect(answer.status).toBe(400);
      expect(answer.data ?? undefined).toBeUndefined();
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toMatch(/1500 shops; at most 100/);
    }
  });
});
