import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest } from '@shopgraph/testing/graphql-request';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import type { RunningGateway } from '../src/create-gateway.js';
import { startTestGateway } from './test-gateway.js';

const prefix = uniquePrefix('search-throttle');
let gateway: RunningGateway;

beforeAll(async () => {
  // No subgraph runs: a throttled search is refused before anything is fetched, and one
  // let through fails on the missing search subgraph, which is not what is tested here.
  gateway = await startTestGateway({
    READ_MODEL_REDIS_URL: TEST_REDIS_URL,
    READ_MODEL_PREFIX: prefix,
    THROTTLE_REDIS_URL: TEST_REDIS_URL,
    THROTTLE_PREFIX: prefix,
    THROTTLE_SEARCH_PER_ADDRESS: '4/60',
    THROTTLE_AD_CLICK_PER_ADDRESS: '2/60',
    // Its answers are about throttles: beside other files starting gateways on 2 cores, the
    // load shedder refused some of them 503 (as gateway.test's, since ea26256).
    GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0',
  });
});

afterAll(async () => {
  await gateway?.close();
  await deleteKeysWithPrefix(prefix);
});

const search = (query: string) => graphqlRequest(gateway.graphqlUrl, query);

describe('searchShops and recordAdClick throttles', () => {
  it('refuses searches past the per-address limit with TOO_MANY_REQUESTS, each alias counting', async () => {
    // Two aliases: two searches of the four this address may make.
    const two = await search('{ a: searchShops(filter: { text: "치킨" }) { totalCount } b: searchShops(filter: { text: "피자" }) { totalCount } }');
    expect(two.errors?.map((error) => error.extensions?.code)).not.toContain('TOO_MANY_REQUESTS');
    for (let i = 0; i < 2; i += 1) {
      const within = await search('{ searchShops(filter: { text: "치킨" }) { totalCount } }');
      expect(within.errors?.map((error) => error.extensions?.code)).not.toContain('TOO_MANY_REQUESTS');
    }
    const refused = await search('{ searchShops(filter: { text: "치킨" }) { totalCount } }');
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Shop reads are not searches: they go on.
    const read = await graphqlRequest(gateway.graphqlUrl, '{ shop(id: "1") { id } }', {}, { 'cache-control': 'no-cache' });
    expect(read.status).not.toBe(429);
  });

  it('refuses ad clicks past the per-address limit with TOO_MANY_REQUESTS and Retry-After, each alias counting', async () => {
    const two = await search('mutation { a: recordAdClick(trackingToken: "x") b: recordAdClick(trackingToken: "y") }');
    expect(two.errors?.map((error) => error.extensions?.code)).not.toContain('TOO_MANY_REQUESTS');
    const refused = await search('mutation { recordAdClick(trackingToken: "z") }');
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
