import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis, type RedisClient } from '@shopgraph/redis-client/redis';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { loadConfig as loadDisplayConfig, startDisplaySubgraph } from '@shopgraph/display-subgraph';
import { createReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';
import { errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import type { RunningGateway } from '../src/create-gateway.js';
import { startTestGateway } from './test-gateway.js';

const SHOP = 'query Shop($id: ID!) { shop(id: $id) { id name } }';
const MAX_IN_FLIGHT = 2;

// A Redis of this file's own, which the test freezes (DEBUG SLEEP) so that the display
// subgraph holds the gateway's calls open, as a subgraph starved of CPU does.
let redis: PrivateRedis;
let client: RedisClient;
let display: GraphQLService;
let gateway: RunningGateway;

beforeAll(async () => {
  redis = await startPrivateRedis({ args: ['--enable-debug-command', 'local'] });
  client = createRedis(redis.url, 'worker');
  const store = createReadModelStore({ redis: client, prefix: 'inflighttest' });
  await store.write('1', aShopDocument({ id: '1', name: 'shop 1', sourceVersion: 1 }), { shop: 1, owner: 1, reviews: 0, deleted: false });
  const silent = createLogger('test', 'silent');
  display = await startDisplaySubgraph(loadDisplayConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: redis.url, READ_MODEL_PREFIX: 'inflighttest' }), silent);
  gateway = await startTestGateway({
    DISPLAY_URL: display.graphqlUrl,
    READ_MODEL_REDIS_URL: redis.url,
    READ_MODEL_PREFIX: 'inflighttest',
    GATEWAY_RESPONSE_CACHE: 'false',
    GATEWAY_LIVE_UPDATES: 'false',
    // The answers here are about the bound on calls to a subgraph, not about the shedder.
    GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0',
    GATEWAY_SUBGRAPH_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
  });
});

afterAll(async () => {
  await gateway?.close();
  await display?.close();
  client?.disconnect();
  await redis?.stop();
});

describe('calls to one subgraph at once', () => {
  it('are bounded: one more is refused at once, retryably, instead of waiting on another connection', async () => {
    // The display subgraph's reads wait for Redis until its command timeout (2 s).
    const sleeping = client.call('debug', 'sleep', '4');
    const sent = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const response = await graphqlRequest(gateway.graphqlUrl, SHOP, { id: '1' });
        return { response, ms: performance.now() - sent };
      }),
    );
    await sleeping;
    const refused = answers.filter(({ response }) => /at capacity/.test(response.errors?.[0]?.message ?? ''));
    const held = answers.filter((answer) => !refused.includes(answer));
    expect(held.length).toBe(MAX_IN_FLIGHT);
    expect(refused.length).toBe(5 - MAX_IN_FLIGHT);
    for (const { response } of refused) {
      // As a subgraph's own refusal at capacity reaches the client: HTTP 503 with Retry-After.
      expect(response.status).toBe(503);
      expect(errorCode(response)).toBe('SERVICE_UNAVAILABLE');
      expect(response.headers.get('retry-after')).toBe('1');
    }
    // Refused before any held call came back: none of them waited for the subgraph.
    expect(Math.max(...refused.map(({ ms }) => ms))).toBeLessThan(Math.min(...held.map(({ ms }) => ms)));
  });

  it('frees its places as calls end', async () => {
    const answers = await Promise.all(Array.from({ length: 3 }, () => graphqlRequest(gateway.graphqlUrl, SHOP, { id: '1' })));
    // Sent together, some may find both places taken; one after the other, every one is answered.
    for (let i = 0; i < 3; i += 1) expect((await graphqlRequest(gateway.graphqlUrl, SHOP, { id: '1' })).data).toEqual({ shop: { id: '1', name: 'shop 1' } });
    expect(answers.every((answer) => answer.data?.shop || errorCode(answer) === 'SERVICE_UNAVAILABLE')).toBe(true);
  });
});
