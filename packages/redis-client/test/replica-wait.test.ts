import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { metricsRegistry } from '@shopgraph/telemetry/metrics';
import { ReplicationTimeoutError, waitForReplicas } from '../src/redis.js';

// A master and its replica of this file's own (the replica may be frozen with DEBUG SLEEP).
let master: PrivateRedis;
let replica: PrivateRedis;
let client: Redis;
let replicaClient: Redis;

/** How many writes have waited for fewer replicas than asked, on this file's master. */
async function fallbacks(): Promise<number> {
  const metric = metricsRegistry.getSingleMetric('shopgraph_redis_replica_wait_fallbacks_total');
  const values = (await metric?.get())?.values ?? [];
  return values.filter((value) => value.labels.node === `127.0.0.1:${master.port}`).reduce((sum, value) => sum + value.value, 0);
}

/** The replica-wait warnings emitted while `run` runs (seen as they are emitted: delivery is a later tick). */
async function warningsDuring(run: () => Promise<void>): Promise<string[]> {
  const emit = vi.spyOn(process, 'emitWarning');
  try {
    await run();
    return emit.mock.calls.filter(([, type]) => type === 'RedisReplicaWarning').map(([message]) => String(message));
  } finally {
    emit.mockRestore();
  }
}

async function connectedReplicas(): Promise<number> {
  const role = (await client.call('ROLE')) as [string, number, unknown[]];
  return role[2].length;
}

beforeAll(async () => {
  master = await startPrivateRedis();
  replica = await startPrivateRedis({ args: ['--enable-debug-command', 'yes'] });
  client = new Redis(master.url, { maxRetriesPerRequest: 1 });
  replicaClient = new Redis(replica.url, { maxRetriesPerRequest: 1 });
  replicaClient.on('error', () => {}); // the last test stops the replica
  await replicaClient.replicaof('127.0.0.1', master.port);
  await waitFor(async () => (await connectedReplicas()) === 1, { what: 'the replica attached' });
});

afterAll(async () => {
  client?.disconnect();
  replicaClient?.disconnect();
  await replica?.stop();
  await master?.stop();
});

describe('waitForReplicas', () => {
  it('resolves once the replica holds the writes made before it', async () => {
    await client.set('k', 'v1');
    await waitForReplicas(client, 'k', 1, 2000);
    expect(await replicaClient.get('k')).toBe('v1');
  });

  it('rejects when a connected replica does not acknowledge in time', async () => {
    // The replica is frozen for a second: connected, but it cannot acknowledge.
    const frozen = replicaClient.call('DEBUG', 'SLEEP', '1').catch(() => undefined);
    await client.set('k', 'v2');
    await expect(waitForReplicas(client, 'k', 1, 200)).rejects.toBeInstanceOf(ReplicationTimeoutError);
    await frozen;
    await waitForReplicas(client, 'k', 1, 2000);
  });

  it('does not wait for a replica the master no longer has (after a failover, before the old master rejoins)', async () => {
    await replica.stop();
    await waitFor(async () => (await connectedReplicas()) === 0, { what: 'the master to see its replica gone', timeoutMs: 15_000 });
    await client.set('k', 'v3');
    const started = Date.now();
    await waitForReplicas(client, 'k', 1, 300);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('counts every write that waited for fewer replicas than asked, warns once when that starts and once when it ends, and does not wait out the timeout meanwhile', async () => {
    const attach = async () => {
      await replica.start();
      await replicaClient.replicaof('127.0.0.1', master.port);
      await waitFor(async () => (await connectedReplicas()) === 1, { what: 'the replica attached', timeoutMs: 15_000 });
    };
    if ((await connectedReplicas()) === 0) await attach();
    await waitForReplicas(client, 'k', 1, 2000);

    await replica.stop();
    await waitFor(async () => (await connectedReplicas()) === 0, { what: 'the master to see its replica gone', timeoutMs: 15_000 });
    const before = await fallbacks();
    const fellBack = await warningsDuring(async () => {
      for (let i = 0; i < 3; i++) await waitForReplicas(client, 'k', 1, 100);
    });
    expect(await fallbacks()).toBe(before + 3);
    expect(fellBack).toEqual([`Redis 127.0.0.1:${master.port} has 0 of the 1 replicas asked for: writes wait only for the replicas it has until it has them all again`]);
    // Known to be short, a node's writes no longer wait out the timeout for a replica it does not have.
    const started = Date.now();
    await waitForReplicas(client, 'k', 1, 2000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await fallbacks()).toBe(before + 4);

    await attach();
    const restored = await warningsDuring(async () => {
      for (let i = 0; i < 2; i++) await waitForReplicas(client, 'k', 1, 2000);
    });
    expect(restored).toEqual([`Redis 127.0.0.1:${master.port} has its 1 replicas again: writes wait for all of them`]);
    expect(await fallbacks()).toBe(before + 4);
  });

  it('waits for nothing when asked for no replica', async () => {
    await expect(waitForReplicas(client, 'k', 0, 1)).resolves.toBeUndefined();
  });
});
