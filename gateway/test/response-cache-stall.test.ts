import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis, type RedisClient } from '@shopgraph/redis-client/redis';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { loadConfig as loadDisplayConfig, startDisplaySubgraph } from '@shopgraph/display-subgraph';
import { createReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';
import { graphqlRequest } from '@shopgraph/testing/graphql-request';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import type { RunningGateway } from '../src/create-gateway.js';
import { startTestGateway } from './test-gateway.js';

const SHOP = 'query Shop($id: ID!) { shop(id: $id) { id name } }';
const PING_INTERVAL_MS = 200;
const PING_TIMEOUT_MS = 300;

// A Redis of this file's own, frozen by the test (DEBUG SLEEP: the server answers nothing
// while its connections stay open, as a paused or partitioned node does).
let redis: PrivateRedis;
let client: RedisClient;
let display: GraphQLService;
let gateway: RunningGateway;

const cacheOf = async (id: string) => (await graphqlRequest(gateway.graphqlUrl, SHOP, { id })).headers.get('x-shopgraph-cache');

beforeAll(async () => {
  redis = await startPrivateRedis({ args: ['--enable-debug-command', 'local'] });
  client = createRedis(redis.url, 'worker');
  const store = createReadModelStore({ redis: client, prefix: 'stalltest' });
  await store.write('1', aShopDocument({ id: '1', name: 'shop 1', sourceVersion: 1 }), { shop: 1, owner: 1, reviews: 0, deleted: false });
  const silent = createLogger('test', 'silent');
  display = await startDisplaySubgraph(loadDisplayConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: redis.url, READ_MODEL_PREFIX: 'stalltest' }), silent);
  gateway = await startTestGateway({
    DISPLAY_URL: display.graphqlUrl,
    READ_MODEL_REDIS_URL: redis.url,
    READ_MODEL_PREFIX: 'stalltest',
    GATEWAY_RESPONSE_CACHE_PING_INTERVAL_MS: String(PING_INTERVAL_MS),
    GATEWAY_RESPONSE_CACHE_PING_TIMEOUT_MS: String(PING_TIMEOUT_MS),
  });
  await waitFor(() => gateway.responseCache?.enabled || null, { what: 'the response cache to subscribe' });
});

afterAll(async () => {
  await gateway?.close();
  await display?.close();
  client?.disconnect();
  await redis?.stop();
});

describe('the response cache over a change subscription that stops delivering', () => {
  it('turns itself off while the subscription answers no PING, and comes back empty once it does', async () => {
    await cacheOf('1');
    expect(await cacheOf('1')).toBe('hit');
    const frozenAt = performance.now();
    // Answers only once the server wakes up, 3 s later; the connections stay open meanwhile.
    const sleeping = client.call('debug', 'sleep', '3');
    await waitFor(() => !gateway.responseCache!.enabled || null, { what: 'the cache to turn off' });
    // Off within a ping interval and a timeout (and some slack for a loaded machine).
    expect(performance.now() - frozenAt).toBeLessThan(PING_INTERVAL_MS + PING_TIMEOUT_MS + 1000);
    expect(gateway.responseCache!.stats().entries).toBe(0);
    await sleeping;
    await waitFor(() => gateway.responseCache!.enabled || null, { what: 'the cache to turn on again' });
    // Whatever was cached before the stall is gone: the first read executes again.
    expect(await cacheOf('1')).toBe('miss');
    expect(await cacheOf('1')).toBe('hit');
  });
});
