import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest } from '@shopgraph/testing/graphql-request';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import type { RunningGateway } from '../src/create-gateway.js';
import { startTestGateway } from './test-gateway.js';

const prefix = uniquePrefix('budget');
let gateway: RunningGateway;

beforeAll(async () => {
  // No subgraph runs: the budget refuses before anything is fetched.
  // No load shedding: its answers are about the budget (see search-throttle.test.ts).
  gateway = await startTestGateway({ READ_MODEL_REDIS_URL: TEST_REDIS_URL, READ_MODEL_PREFIX: prefix, GATEWAY_THROTTLES: 'false', GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0' });
});

afterAll(async () => {
  await gateway?.close();
  await deleteKeysWithPrefix(prefix);
});

const hundred = Array.from({ length: 100 }, (_, i) => String(i + 1));

describe('the shop budget', () => {
  it('counts every searchShops as at least one shop, first: 0 included', async () => {
    const answer = await graphqlRequest(gateway.graphqlUrl, 'query($ids: [ID!]!) { shops(ids: $ids) { id } searchShops(first: 0) { totalCount } }', { ids: hundred });
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(/101 shops; at most 100/);
  });

  it('counts sponsoredShops by its first, 3 when it is left out', async () => {
    const slate = 'query($ids: [ID!]!, $first: Int) { shops(ids: $ids) { id } sponsoredShops(area: "seoul-gangnam", first: $first) { position } }';
    for (const [ids, first] of [[98, undefined], [98, null], [91, 10]] as const) {
      const answer = await graphqlRequest(gateway.graphqlUrl, slate, { ids: hundred.slice(0, ids), first });
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]?.message).toMatch(/101 shops; at most 100/);
    }
    // Within the budget it goes on to the subgraphs (none runs here).
    const within = await graphqlRequest(gateway.graphqlUrl, slate, { ids: hundred.slice(0, 97) });
    expect(within.errors?.[0]?.message ?? '').not.toMatch(/shops; at most/);
  });
});
