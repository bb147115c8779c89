import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { Cluster, createRedis, Redis, redisReady, type RedisClient } from '@shopgraph/redis-client/redis';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { dataOf, graphqlRequest, type GraphQLResponse } from '@shopgraph/testing/graphql-request';
import { monitorRedis } from '@shopgraph/testing/redis-monitor';
import { startRedisCluster, type RedisCluster } from '@shopgraph/testing/redis-cluster';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../src/config.js';
import { startDisplaySubgraph } from '../src/start-display-subgraph.js';
import { createReadModelStore, type ReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';

// The read model on a real 3-master Redis Cluster of this file's own.
const prefix = 'clustered';
let cluster: RedisCluster;
let redis: RedisClient;
let store: ReadModelStore;
let display: GraphQLService;
let query: (q: string) => Promise<GraphQLResponse<Record<string, any>>>;
const ids = Array.from({ length: 40 }, (_, i) => String(i + 1));
const v = (shop: number) => ({ shop, owner: 1, reviews: 0, deleted: false });
/** A plain (non-cluster) connection to one node: it answers MOVED for keys it does not hold. */
async function onNode<T>(port: number, use: (node: Redis) => Promise<T>): Promise<T> {
  const node = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  try {
    return await use(node);
  } finally {
    node.disconnect();
  }
}

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
  redis = createRedis(cluster.url, 'read-model');
  await redisReady(redis);
  store = createReadModelStore({ redis, prefix });
  const config = loadConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: cluster.url, READ_MODEL_PREFIX: prefix });
  display = await startDisplaySubgraph(config, createLogger('display', 'silent'));
  const identity = await createIdentityCodec(config.internalTokenSecret).sign(ANONYMOUS, 'display');
  query = (q) => graphqlRequest(display.graphqlUrl, q, {}, { [IDENTITY_HEADER]: identity });
});

afterAll(async () => {
  await display?.close();
  redis?.disconnect();
  await cluster?.stop();
});

describe('the read model on a Redis Cluster', () => {
  it('is a cluster client, and the shops spread over all three masters', async () => {
    expect(redis).toBeInstanceOf(Cluster);
    const results = await store.writeMany(ids.map((id) => ({ id, document: aShopDocument({ id, name: `shop ${id}` }), versions: v(1) })));
    expect(results).toEqual(ids.map(() => 'written'));
    const keysPerNode = await Promise.all(cluster.ports.map((port) => onNode(port, (node) => node.dbsize())));
    expect(keysPerNode.every((count) => count > 0)).toBe(true);
  });

  it('keeps the versioned write within one slot: stale and conflicting writes are told apart', async () => {
    expect(await store.write('1', aShopDocument({ id: '1', name: 'newer' }), v(2))).toBe('written');
    expect(await store.write('1', aShopDocument({ id: '1', name: 'older' }), v(1))).toBe('stale');
    expect(await store.write('1', aShopDocument({ id: '1', name: 'mixed' }), { shop: 1, owner: 2, reviews: 0, deleted: false })).toBe('conflict');
    expect((await store.current('1'))?.document?.name).toBe('newer');
    expect(await store.write('1', null, { shop: 3, owner: 1, reviews: 0, deleted: true })).toBe('written');
    expect(await store.get('1')).toBeNull();
    expect(await store.write('1', aShopDocument({ id: '1' }), v(2))).toBe('stale'); // the tombstone holds
  });

  it('lists every document by scanning every master', async () => {
    const found: string[] = [];
    for await (const batch of store.documentIds()) found.push(...batch);
    expect(found.sort((a, b) => Number(a) - Number(b))).toEqual(ids.slice(1));
  });

  it('answers shops(ids) in order with one pipelined round trip per node, all nodes at once', async () => {
    const asked = ['40', '404', '2', ...ids.slice(2, 30)];
    // A whole read model: the one missing shop is then absent (null), not being rebuilt.
    await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops: ids.length });
    const monitors = await Promise.all(cluster.ports.map((port) => monitorRedis(`redis://127.0.0.1:${port}`, (args) => args.some((arg) => arg.startsWith(`${prefix}:`)))));
    try {
      const response = await query(`{ shops(ids: [${asked.map((id) => `"${id}"`).join(',')}]) { id name } }`);
      const shops = dataOf(response).shops as ({ id: string; name: string } | null)[];
      expect(shops.map((shop) => shop?.id ?? null)).toEqual(['40', null, '2', ...ids.slice(2, 30)]);
      expect(shops[0]!.name).toBe('shop 40');
      // Each key was read once, by GET on the node that holds it (no MGET across slots, no MOVED retries).
      // For the one missing (404), its versions and the generation marker too (is it absent, or lost?).
      await waitFor(() => monitors.reduce((n, monitor) => n + monitor.commands.length, 0) >= asked.length + 2, { what: 'every read' });
      for (const monitor of monitors) monitor.stop();
      const perNode = monitors.map((monitor) => monitor.commands.map((args) => args[0]!.toLowerCase()));
      expect(perNode.flat().sort()).toEqual([...asked.map(() => 'get'), 'get', 'exists'].sort());
      expect(perNode.filter((commands) => commands.length > 0)).toHaveLength(3);
      // ...and each GET went to the node that holds its key (a plain GET there is not MOVED).
      for (const [index, monitor] of monitors.entries()) {
        await onNode(cluster.ports[index]!, async (node) => {
          for (const [, key] of monitor.commands) await expect(node.get(key!)).resolves.not.toBeUndefined();
        });
      }
    } finally {
      for (const monitor of monitors) monitor.stop();
    }
  });
});
