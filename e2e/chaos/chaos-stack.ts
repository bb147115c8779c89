import pg from 'pg';
import { createAdsStore } from '@shopgraph/ads-store/ads-store';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createLogger } from '@shopgraph/telemetry/logger';
import { connectRecovery, loadProjectorConfig } from '@shopgraph/projector';
import { startPrivateRedis } from '@shopgraph/testing/private-redis';
import { deleteKeysWithPrefix } from '@shopgraph/testing/test-redis';
import { startRedisCluster } from '@shopgraph/testing/redis-cluster';
import { startPrivateDatabase } from '@shopgraph/testing/private-database';
import { startStack } from '../support/stack.js';

/**
 * The stack the chaos run breaks: every service as its own process, with a PostgreSQL
 * server and a redis-server of its own on spare ports, so stopping them disturbs
 * nothing else on the machine. `cluster`: a Redis Cluster of 3 masters with a replica
 * each instead, and every write waits for its replica (the failover scenario).
 */
export async function startChaosStack({ cluster: clustered = false } = {}) {
  const { postgres } = await startPrivateDatabase();
  const cluster = clustered ? await startRedisCluster({ masters: 3, replicas: 1 }) : null;
  const redis = cluster ? null : await startPrivateRedis();
  const redisUrl = cluster?.url ?? redis!.url;
  // Three projectors on the same queue, as production runs them: one may die mid-stream.
  const stack = await startStack({
    label: 'chaos',
    redisUrl,
    databaseUrl: postgres.urlFor('shopgraph'),
    projectors: 3,
    env: {
      // Two gateway workers, as on a 2-core machine, drained as in production: the rolling
      // restart scenario replaces them under load (the e2e stack's 500 ms drain would close
      // idle keep-alive connections before clients retire them).
      GATEWAY_WORKERS: '2',
      GATEWAY_DRAIN_TIMEOUT_MS: '10000',
      // The customer clicking sponsored slots throughout is one address (the throttle is tested elsewhere).
      THROTTLE_AD_CLICK_PER_ADDRESS: '100000/60',
      ...(cluster ? { QUEUE_REDIS_WAIT_REPLICAS: '1', READ_MODEL_REDIS_WAIT_REPLICAS: '1' } : {}),
    },
  });

  const env = stack.env;
  // The stack's own projector settings (its sources, read model and replica waits).
  const recovery = connectRecovery(loadProjectorConfig(env), { logger: createLogger('chaos', 'silent'), timeoutMs: 10_000 });
  const db = new pg.Pool({ connectionString: postgres.urlFor('shopgraph'), max: 2 });
  db.on('error', () => {});
  const adsRedis = createRedis(redisUrl, 'read-model');
  adsRedis.on('error', () => {});
  const adsStore = createAdsStore({ redis: adsRedis, prefix: env.ADS_STORE_PREFIX });

  return {
    stack,
    postgres,
    /** The single redis-server, or null on a cluster. */
    redis,
    cluster,
    store: recovery.store,
    rebuilder: recovery.rebuilder,
    verify: () => recovery.verify(200),
    /**
     * Deletes every shop document (`<prefix>:shop:*`), as a mistaken `DEL`, an eviction or a
     * lost node would; their versions and the generation marker stay, so nothing tells the
     * keeper the read model was rebuilt from nothing: it must find the documents missing.
     * (Redis restarted empty, the other scenario, loses the marker too.) Returns how many.
     */
    async deleteShopDocuments(): Promise<number> {
      return deleteKeysWithPrefix(`${env.READ_MODEL_PREFIX}:shop:`, redisUrl);
    },
    /**
     * Campaigns whose state in the ads serving store differs from the ads system's (a campaign
     * or shop version the store lacks or holds older): what a lost event or a lost store left.
     */
    async adsDrift(): Promise<string[]> {
      const { rows } = await db.query<{ id: number; version: number; shop_version: number }>(
        'SELECT c.id, c.version, k.version AS shop_version FROM "ads"."campaign" c JOIN "ads"."known_shop" k USING (shop_id)',
      );
      const stored = await adsStore.campaignVersions(rows.map((row) => String(row.id)));
      return rows.filter((row, i) => stored[i]?.campaign !== row.version || stored[i]?.shop !== row.shop_version).map((row) => String(row.id));
    },
    /** Charged clicks PostgreSQL has recorded (moved there by the click recorder). */
    async recordedClicks(): Promise<number> {
      const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM "ads"."click"');
      return Number(rows[0]!.count);
    },
    /** Current versions of the given shops, from the source of truth. */
    async versions(): Promise<Map<string, number>> {
      const { rows } = await db.query<{ id: number; version: number }>('SELECT id, version FROM "shop"."shop"');
      return new Map(rows.map((row) => [String(row.id), row.version]));
    },
    async close() {
      await stack.close();
      recovery.close();
      adsRedis.disconnect();
      await db.end();
      await redis?.stop();
      await cluster?.stop();
      await postgres.destroy();
    },
  };
}

export type ChaosStack = Awaited<ReturnType<typeof startChaosStack>>;
