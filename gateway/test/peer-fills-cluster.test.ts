import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig as loadDisplayConfig, startDisplaySubgraph } from '@shopgraph/display-subgraph';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis, type RedisClient } from '@shopgraph/redis-client/redis';
import { createReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';
import { alive, childrenOf } from '@shopgraph/testing/child-processes';
import { dataOf, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { startGatewayCluster } from './gateway-cluster.js';

const SHOP = 'query Shop($id: ID!) { shop(id: $id) { id name } }';
let redis: PrivateRedis;
let client: RedisClient;
let display: GraphQLService;
let primary: ChildProcess;
let port: number;
let metricsPort: number;

/** A counter or gauge of the response cache, summed over the workers by the primary. */
async function cacheMetric(name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  return Number(new RegExp(`^shopgraph_response_cache_${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
}

beforeAll(async () => {
  redis = await startPrivateRedis();
  client = createRedis(redis.url, 'read-model');
  const store = createReadModelStore({ redis: client, prefix: 'peerfills' });
  await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops: 1 });
  await store.write('1', aShopDocument({ id: '1', name: 'shop 1' }), { shop: 1, owner: 1, reviews: 0, deleted: false });
  display = await startDisplaySubgraph(loadDisplayConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: redis.url, READ_MODEL_PREFIX: 'peerfills' }), createLogger('test', 'silent'));
  ({ primary, port, metricsPort } = await startGatewayCluster(2, {
    GATEWAY_RESPONSE_CACHE: 'true',
    DISPLAY_URL: display.graphqlUrl,
    READ_MODEL_REDIS_URL: redis.url,
    READ_MODEL_PREFIX: 'peerfills',
  }));
  await waitFor(async () => (await cacheMetric('enabled')) === 2 || null, { what: 'both workers to turn their cache on' });
});

afterAll(async () => {
  const workers = primary ? childrenOf(primary.pid!) : [];
  if (primary && primary.exitCode === null && primary.signalCode === null) primary.kill('SIGKILL');
  await waitFor(() => !workers.some(alive), { what: 'the workers to exit with their primary' });
  await display?.close();
  client?.disconnect();
  await redis?.stop();
});

describe('a gateway of two workers', () => {
  it('stores a read one worker answered in both, so neither misses it again', async () => {
    const read = () => graphqlRequest<{ shop: { name: string } }>(`http://127.0.0.1:${port}/graphql`, SHOP, { id: '1' }, { connection: 'close' });
    expect(dataOf(await read()).shop.name).toBe('shop 1');
    await waitFor(async () => (await cacheMetric('entries')) === 2 || null, { what: 'the answer in both workers' });
    // Each read on a connection of its own, wherever the kernel puts it.
    for (let i = 0; i < 10; i += 1) expect((await read()).headers.get('x-shopgraph-cache')).toBe('hit');
    expect(await cacheMetric('misses_total')).toBe(1);
  });
});
