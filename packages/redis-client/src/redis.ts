import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import { counter } from '@shopgraph/telemetry/metrics';

export { Cluster, Redis } from 'ioredis';

/** A single Redis node or a Redis Cluster: every connection the services make is one of these. */
export type RedisClient = Redis | Cluster;

/**
 * How a connection is used decides how it behaves while Redis is down:
 * - `worker`: BullMQ workers block on Redis and must retry forever
 *   (`maxRetriesPerRequest: null`, required by BullMQ);
 * - `producer`: fails fast, so a request never hangs on a Redis outage (the
 *   outbox keeps the event);
 * - `read-model`: fails fast too; the caller decides what to serve instead.
 *
 * "Fails fast" is a short command timeout rather than `enableOfflineQueue: false`:
 * the timeout also covers commands queued while disconnected, and commands issued
 * while the first connection is being made are not refused.
 */
export type RedisRole = 'worker' | 'producer' | 'read-model';

/** The `redis://` URLs of a `*_REDIS_URL` setting: one is a single node, several are a cluster's seed nodes. */
export function redisSeeds(urls: string): string[] {
  return urls
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
}

/**
 * Where the nodes of a `*_REDIS_URL` setting listen: the one parser of the setting, used by
 * createRedis and by the scripts (`npm start`'s preflight), so both take the same values.
 */
export function redisNodes(urls: string): { host: string; port: number }[] {
  return redisSeeds(urls).map((seed) => {
    const url = new URL(seed);
    return { host: url.hostname, port: Number(url.port || 6379) };
  });
}

// Reconnect quickly, but back off to 2 s so a long outage is not a busy loop.
const backoff = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

/**
 * A connection for `urls` (see redisSeeds). On a cluster, ioredis follows MOVED/ASK
 * redirections and refreshes its slot map after a failover; commands wait out a failover
 * (`retryDelayOnFailover`, `retryDelayOnClusterDown`) within the role's command timeout.
 */
export function createRedis(urls: string, role: RedisRole, overrides: RedisOptions = {}): RedisClient {
  const failFast = role !== 'worker';
  const options: RedisOptions = {
    maxRetriesPerRequest: failFast ? 1 : null,
    connectTimeout: 2000,
    commandTimeout: failFast ? 2000 : undefined,
    retryStrategy: backoff,
    lazyConnect: false,
    ...overrides,
  };
  const seeds = redisSeeds(urls);
  if (seeds.length === 1) return new Redis(seeds[0]!, options);
  tolerateStrayClusterRejections();

  const first = new URL(seeds[0]!);
  const { retryStrategy, lazyConnect, ...nodeOptions } = options;
  return new Cluster(
    redisNodes(urls),
    {
      lazyConnect,
      clusterRetryStrategy: retryStrategy ?? backoff,
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 200,
      slotsRefreshTimeout: 2000,
      redisOptions: {
        ...nodeOptions,
        username: decodeURIComponent(first.username) || undefined,
        password: decodeURIComponent(first.password) || undefined,
        ...(first.protocol === 'rediss:' ? { tls: {} } : {}),
      },
    },
  );
}

/** Errors of a node going away or of a slot having moved: what a failover produces. */
const FAILOVER_ERROR = /^(Connection is closed\.|(MOVED|ASK|CLUSTERDOWN|TRYAGAIN) )/;
let tolerating = false;

/**
 * ioredis's cluster client can leave a command promise of its own without a handler when a
 * node's connection closes during a failover (redis/ioredis#1140, open); Node would end the
 * process for it. Such a rejection — and only such: a closed connection or a redirection —
 * is reported as a warning; any other unhandled rejection still ends the process.
 */
function tolerateStrayClusterRejections(): void {
  if (tolerating) return;
  tolerating = true;
  process.on('unhandledRejection', (reason) => {
    if (reason instanceof Error && FAILOVER_ERROR.test(reason.message)) {
      process.emitWarning(`Redis Cluster: a command of ioredis's own failed during a failover (${reason.message})`, 'RedisClusterWarning');
      return;
    }
    throw reason;
  });
}

/** Resolves once the connection is ready (or rejects after the timeout). */
export async function redisReady(redis: RedisClient, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** The nodes that hold data: the client itself, or a cluster's masters. */
export function masterNodes(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/**
 * Indices of `keys` grouped by the node that serves their slot (one group on a single
 * node). A group is what one pipeline may carry on a cluster: ioredis refuses a
 * pipeline whose keys live on different nodes.
 */
export function groupByNode(redis: RedisClient, keys: readonly string[]): number[][] {
  if (!(redis instanceof Cluster)) return keys.length > 0 ? [keys.map((_, index) => index)] : [];
  const groups = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const slot = calculateSlot(key);
    // Before the slot map is known, a slot is its own group; ioredis then routes it.
    const node = redis.slots[slot]?.join(';') ?? `slot ${slot}`;
    let group = groups.get(node);
    if (!group) groups.set(node, (group = []));
    group.push(index);
  });
  return [...groups.values()];
}

/**
 * One pipelined round trip per node, all nodes at once: `add` queues the command for
 * `keys[index]` (whose other keys, if any, must share its slot). Replies in the order of
 * `keys`; the first failed command rejects. A command that failed with a failover's error
 * is sent again, so commands must be safe to run twice (reads, the versioned write).
 */
export async function pipelineByNode(
  redis: RedisClient,
  keys: readonly string[],
  add: (pipeline: ChainableCommander, index: number) => void,
): Promise<unknown[]> {
  const replies = new Array<unknown>(keys.length);
  await Promise.all(
    groupByNode(redis, keys).map(async (indices) => {
      const pipeline = redis.pipeline();
      for (const index of indices) add(pipeline, index);
      const results = (await pipeline.exec()) ?? [];
      const redirected: number[] = [];
      results.forEach(([error, value], position) => {
        const index = indices[position]!;
        if (error && FAILOVER_ERROR.test(error.message)) redirected.push(index);
        else if (error) throw error;
        else replies[index] = value;
      });
      // After a failover the slot map is stale and a pipeline's redirections differ per
      // slot, which ioredis does not follow; one command at a time, it does.
      await Promise.all(
        redirected.map(async (index) => {
          const single = redis.pipeline();
          add(single, index);
          const [[error, value] = [new Error('no reply')]] = (await single.exec()) ?? [];
          if (error) throw error;
          replies[index] = value;
        }),
      );
    }),
  );
  return replies;
}

/**
 * The values of many keys, null where missing: one MGET on a single node; on a cluster,
 * where an MGET cannot span slots, one pipeline of GETs per node, all nodes in parallel.
 */
export async function getMany(redis: RedisClient, keys: readonly string[]): Promise<(string | null)[]> {
  if (keys.length === 0) return [];
  if (!(redis instanceof Cluster)) return redis.mget(...keys);
  return (await pipelineByNode(redis, keys, (pipeline, index) => pipeline.get(keys[index]!))) as (string | null)[];
}

/** Keys matching `pattern`, a batch at a time, by SCAN on every master (never blocks Redis). */
export async function* scanKeys(redis: RedisClient, pattern: string, count = 1000): AsyncGenerator<string[]> {
  for (const node of masterNodes(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}

/** How many replicas must acknowledge a write, and how long to wait for them (see waitForReplicas). */
export interface ReplicaWait {
  replicas: number;
  timeoutMs: number;
}

/** Raised when fewer replicas than asked acknowledged a write in time: the write may not survive a failover. */
export class ReplicationTimeoutError extends Error {
  constructor(readonly acknowledged: number, readonly wanted: number) {
    super(`${acknowledged} of ${wanted} Redis replicas acknowledged the write in time`);
    this.name = 'ReplicationTimeoutError';
  }
}

/**
 * Waits until `replicas` replicas of the node holding `key` have every write this client
 * sent that node so far (Redis `WAIT`). Redis replicates asynchronously: a failover can
 * lose a write the old master acknowledged, unless its replicas had it. On a cluster the
 * WAIT rides a pipeline with a command on `key`, so it runs on that node's connection —
 * the one that carried the writes. `replicas` 0: no wait.
 *
 * A master with fewer replicas than asked (its replica was just promoted after a failover,
 * and the old master has not come back as a replica yet) has nothing to fail over to: the
 * write is then as safe as it can be once the replicas it does have acknowledged it, and
 * waiting for replicas that do not exist would stop every write to that node. Such a node is
 * remembered: its writes then WAIT for the replicas it has, rather than each waiting out the
 * timeout for one it has not (measured: every write took the whole timeout, 1 s by default),
 * and the ROLE that rides along every WAIT tells when it has them all again.
 */
export async function waitForReplicas(redis: RedisClient, key: string, replicas: number, timeoutMs: number): Promise<void> {
  if (replicas <= 0) return;
  const node = nodeOf(redis, key);
  const asked = Math.min(replicas, shortOfReplicas.get(node) ?? replicas);
  const results = (await redis.pipeline().exists(key).call('WAIT', asked, timeoutMs).call('ROLE').exec()) ?? [];
  const [waitError, reply] = results[1] ?? [new Error('no reply to WAIT')];
  if (waitError) throw waitError;
  let acknowledged = Number(reply);
  if (acknowledged >= replicas) {
    replicaWaitState(node, replicas, replicas);
    return;
  }
  const [roleError, role] = results[2] ?? [new Error('no reply to ROLE')];
  if (roleError) throw roleError;
  // ROLE on a master: ['master', offset, [[host, port, offset], …]] — the replicas connected now.
  const connected = Array.isArray(role) && role[0] === 'master' && Array.isArray(role[2]) ? role[2].length : replicas;
  const needed = Math.min(replicas, connected);
  replicaWaitState(node, replicas, connected);
  if (acknowledged < needed && asked < needed) {
    // A replica came back since: this write waits for it too.
    const retried = (await redis.pipeline().exists(key).call('WAIT', needed, timeoutMs).exec()) ?? [];
    const [error, again] = retried[1] ?? [new Error('no reply to WAIT')];
    if (error) throw error;
    acknowledged = Number(again);
  }
  if (acknowledged < needed) throw new ReplicationTimeoutError(acknowledged, needed);
}

const replicaWaitFallbacks = counter({
  name: 'shopgraph_redis_replica_wait_fallbacks_total',
  help: 'Writes that waited for fewer Redis replicas than *_REDIS_WAIT_REPLICAS asks, because their node had fewer (a failover, before the old master rejoined as a replica)',
  labelNames: ['node'],
});

/** Nodes whose writes wait for fewer replicas than asked, as last seen by this process, with the replicas they had then. */
const shortOfReplicas = new Map<string, number>();

/**
 * A write that waits for fewer replicas than asked could be lost in the next failover: each
 * such write is counted, and the change of a node's state is reported once each way (not per
 * write, which would be thousands of lines a second), as a process warning — every service
 * prints those — since this module has no logger of a service to write to.
 */
function replicaWaitState(node: string, wanted: number, connected: number): void {
  if (connected < wanted) {
    replicaWaitFallbacks.inc({ node });
    const known = shortOfReplicas.has(node);
    shortOfReplicas.set(node, connected);
    if (!known) process.emitWarning(`Redis ${node} has ${connected} of the ${wanted} replicas asked for: writes wait only for the replicas it has until it has them all again`, 'RedisReplicaWarning');
  } else if (shortOfReplicas.delete(node)) {
    process.emitWarning(`Redis ${node} has its ${wanted} replicas again: writes wait for all of them`, 'RedisReplicaWarning');
  }
}

/** `host:port` of the node that serves `key` (a cluster's master for its slot, as last mapped). */
function nodeOf(redis: RedisClient, key: string): string {
  if (redis instanceof Cluster) return redis.slots[calculateSlot(key)]?.[0] ?? `slot ${calculateSlot(key)}`;
  return `${redis.options.host ?? 'localhost'}:${redis.options.port ?? 6379}`;
}
