import { getMany, groupByNode, pipelineByNode, scanKeys, waitForReplicas, type RedisClient, type ReplicaWait } from '@shopgraph/redis-client/redis';
import { shopChangeMessage, shopChangedChannel } from '@shopgraph/events/read-model-changes';
import { currentTraceContext } from '@shopgraph/telemetry/trace-context';
import type { ShopDocument, SourceVersions } from './shop-document.js';

/**
 * Writes a document only if its source versions are not older than the stored ones,
 * in one atomic step (a read-then-write from two projectors would lose updates).
 *
 * Returns 1 written, 0 stale (the stored state is at least as new: skip), or -1 when
 * the two are incomparable (e.g. newer shop data but older reviews, because two
 * projectors read the sources at different moments): the caller re-reads the sources,
 * which are now at least as new as both, and writes again.
 *
 * The same versions over a document that is there are skipped too (0), unless forced: a
 * rebuild then rewrites only what it must, and does not announce — and so evict from
 * every gateway's cache — shops that did not change. An operator's rebuild of given shops
 * forces, to overwrite a document that drifted under the same versions.
 *
 * Every write publishes the change on the change channel (see read-model-changes.ts).
 *
 * KEYS: document, versions. ARGV: document JSON ('' for a tombstone), shop, owner,
 * reviews, deleted ('1'/'0'), tombstone TTL seconds, change channel, change message,
 * force ('1'/'0').
 */
const COMPARE_AND_SET = `
local s, o, r, d = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local cur = redis.call('GET', KEYS[2])
if cur then
  local cs, co, cr, cd = string.match(cur, '^(%d+):(%d+):(%d+):(%d)$')
  cs, co, cr = tonumber(cs), tonumber(co), tonumber(cr)
  if d == '1' or cd == '1' then
    -- A deletion carries the shop's final version: order by the shop version alone.
    if s < cs or (s == cs and cd == '1') then return 0 end
  elseif s < cs or o < co or r < cr then
    if s <= cs and o <= co and r <= cr then return 0 end
    return -1
  elseif s == cs and o == co and r == cr and ARGV[9] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then
    return 0
  end
end
local versions = s .. ':' .. o .. ':' .. r .. ':' .. d
if d == '1' then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], versions, 'EX', tonumber(ARGV[6]))
else
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], versions)
end
redis.call('PUBLISH', ARGV[7], ARGV[8])
return 1
`;

export type WriteResult = 'written' | 'stale' | 'conflict';

/** What a completed full rebuild leaves behind: while this marker is missing, the read model is lost (see read-model-keeper.ts). */
export interface Generation {
  /** When the full rebuild that wrote the marker finished (ISO 8601). */
  rebuiltAt: string;
  shops: number;
}

// Releases the rebuild claim only if this process still holds it.
const RELEASE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
// Extends the claim only if this process still holds it.
const EXTEND_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * Why a shop has no document, as a reader must answer it:
 * - `absent`: no such shop (or deleted): null is the truth;
 * - `lost`: its versions say it is live but the document is gone (deleted, evicted): being repaired;
 * - `rebuilding`: the generation marker is gone, so the read model is being rebuilt and absence proves nothing.
 * Only `absent` may be told to a customer as "no such shop"; the others are retryable.
 */
export type MissingReason = 'absent' | 'lost' | 'rebuilding';

export interface ReadModelStoreOptions {
  /** A single node or a cluster (see createRedis). */
  redis: RedisClient;
  /**
   * Key prefix, e.g. `shopgraph` gives `shopgraph:shop:{12}`.
   * @default 'shopgraph'
   */
  prefix?: string;
  /**
   * How long a deleted shop's final version is remembered, so that a late projection
   * of its older state cannot bring it back.
   * @default 30 days
   */
  tombstoneTtlSeconds?: number;
  /**
   * When set, a write resolves only once that many replicas hold it (Redis WAIT), and
   * rejects otherwise: the projector's job then fails and is retried, rather than completing
   * on a write that a failover could drop.
   */
  replicaWait?: ReplicaWait;
}

function parseVersions(raw: string | null): SourceVersions | null {
  if (!raw) return null;
  const [shop, owner, reviews, deleted] = raw.split(':');
  return { shop: Number(shop), owner: Number(owner), reviews: Number(reviews), deleted: deleted === '1' };
}

/**
 * The read model in Redis: one JSON string per shop under `<prefix>:shop:{<id>}` and its
 * source versions under `<prefix>:shopv:{<id>}`. The id is a hash tag, so both keys of a
 * shop share a Redis Cluster slot and the Lua write stays single-slot; shops spread over
 * every node of a cluster.
 *
 * The change announcement is a plain `PUBLISH`, not a sharded `SPUBLISH`: on a cluster a
 * PUBLISH reaches subscribers on every node (so a gateway may subscribe anywhere), while
 * a script may only SPUBLISH to a channel in its own keys' slot — one channel per shop,
 * which no subscriber could follow without subscribing to all of them.
 */
export function createReadModelStore({ redis, prefix = 'shopgraph', tombstoneTtlSeconds = 30 * 24 * 3600, replicaWait }: ReadModelStoreOptions) {
  const documentKey = (id: string) => `${prefix}:shop:{${id}}`;
  const versionsKey = (id: string) => `${prefix}:shopv:{${id}}`;
  const generationKey = `${prefix}:read-model:generation`;
  const rebuildClaimKey = `${prefix}:read-model:rebuilding`;
  // Ids of live shops a reader found without a document, for a keeper to rebuild first.
  const repairKey = `${prefix}:read-model:repair`;
  const auditClaimKey = `${prefix}:read-model:audited`;
  const changes = shopChangedChannel(prefix);
  const SCRIPT = 'shopgraphCompareAndSet';
  if (!(SCRIPT in redis)) redis.defineCommand(SCRIPT, { numberOfKeys: 2, lua: COMPARE_AND_SET });
  const compareAndSet = (redis as unknown as Record<string, (...args: (string | number)[]) => Promise<number>>)[SCRIPT]!.bind(redis);
  const casArgs = (id: string, document: ShopDocument | null, versions: SourceVersions, recordedAt?: Date, force = false): (string | number)[] => [
    documentKey(id),
    versionsKey(id),
    document ? JSON.stringify(document) : '',
    versions.shop,
    versions.owner,
    versions.reviews,
    versions.deleted ? '1' : '0',
    tombstoneTtlSeconds,
    changes,
    shopChangeMessage({ shopId: id, recordedAt: recordedAt?.getTime(), traceContext: currentTraceContext() ?? undefined }),
    force ? '1' : '0',
  ];
  const toResult = (result: number): WriteResult => (result === 1 ? 'written' : result === 0 ? 'stale' : 'conflict');
  /** Waits for the replicas of every node that holds one of `keys` (no-op without replicaWait). */
  const replicated = async (keys: readonly string[]) => {
    if (!replicaWait?.replicas) return;
    await Promise.all(groupByNode(redis, keys).map((group) => waitForReplicas(redis, keys[group[0]!]!, replicaWait.replicas, replicaWait.timeoutMs)));
  };

  return {
    documentKey,
    versionsKey,
    /** The generation marker's key (deleting it is how a lost read model looks to the keeper). */
    generationKey,
    /** The key of the one full rebuild's claim (see claimRebuild). */
    rebuildClaimKey,
    /** The key of the periodic audit's claim (see claimAudit). */
    auditClaimKey,
    /** False while the connection is down: readers then need not wait for a command timeout. */
    connected: () => redis.status === 'ready',
    /**
     * Raw JSON strings in the order of `ids`, null where missing: one MGET, one round trip
     * (on a cluster, one pipelined round trip per node, all nodes at once).
     */
    async getRaw(ids: readonly string[]): Promise<(string | null)[]> {
      return getMany(redis, ids.map(documentKey));
    },
    async get(id: string): Promise<ShopDocument | null> {
      const raw = await redis.get(documentKey(id));
      return raw ? (JSON.parse(raw) as ShopDocument) : null;
    },
    async versions(id: string): Promise<SourceVersions | null> {
      return parseVersions(await redis.get(versionsKey(id)));
    },
    /** A shop's document and the versions it was built from, in one round trip (both keys share a slot). */
    async current(id: string): Promise<{ document: ShopDocument | null; versions: SourceVersions } | null> {
      const [document, versions] = await redis.mget(documentKey(id), versionsKey(id));
      const parsed = parseVersions(versions ?? null);
      return parsed && { document: document ? (JSON.parse(document) as ShopDocument) : null, versions: parsed };
    },
    /** `recordedAt`: when the change being projected was recorded, announced with the write for the eviction lag. */
    async write(id: string, document: ShopDocument | null, versions: SourceVersions, recordedAt?: Date): Promise<WriteResult> {
      const result = toResult(await compareAndSet(...casArgs(id, document, versions, recordedAt)));
      await replicated([documentKey(id)]);
      return result;
    },
    /**
     * Many versioned writes in one pipelined round trip (one per node on a cluster); results in
     * the order given. `force`: rewrite documents whose versions are the same as the stored ones.
     */
    async writeMany(entries: { id: string; document: ShopDocument | null; versions: SourceVersions }[], { force = false } = {}): Promise<WriteResult[]> {
      const keys = entries.map((entry) => documentKey(entry.id));
      const results = await pipelineByNode(redis, keys, (pipeline, index) => {
        const entry = entries[index]!;
        (pipeline as unknown as Record<string, (...args: (string | number)[]) => unknown>)[SCRIPT]!(...casArgs(entry.id, entry.document, entry.versions, undefined, force));
      });
      await replicated(keys);
      return results.map((value) => toResult(value as number));
    },
    /** Removes the document of a shop the command side never had (no version to keep). */
    async remove(id: string): Promise<void> {
      await redis.multi().del(documentKey(id), versionsKey(id)).publish(changes, id).exec();
      await replicated([documentKey(id)]);
    },
    /** Which of `ids` have no document (one EXISTS each, pipelined per node). */
    async missing(ids: readonly string[]): Promise<string[]> {
      const exists = await pipelineByNode(redis, ids.map(documentKey), (pipeline, index) => pipeline.exists(documentKey(ids[index]!)));
      return ids.filter((_, index) => exists[index] === 0);
    },
    /** The stored versions of each of `ids` (null where none), in one round trip per node. */
    async storedVersions(ids: readonly string[]): Promise<(SourceVersions | null)[]> {
      return (await getMany(redis, ids.map(versionsKey))).map(parseVersions);
    },
    /**
     * Why each of `ids` (read without a document) has none: its versions (same slot as the
     * document) and the generation marker, read at once. The versions of a shop outlive its
     * document when the document alone is deleted or evicted (`DEL <prefix>:shop:*`), and a
     * deleted shop's versions are its tombstone; a whole loss takes the marker with it.
     * `lost` ids are queued for a keeper to rebuild first (see takeRepairRequests): the set
     * holds live shops' ids only, so it is bounded by the number of shops.
     */
    async whyMissing(ids: readonly string[]): Promise<MissingReason[]> {
      if (ids.length === 0) return [];
      const [versions, generation] = await Promise.all([getMany(redis, ids.map(versionsKey)), redis.exists(generationKey)]);
      const reasons = versions.map((raw): MissingReason => {
        const parsed = parseVersions(raw);
        if (parsed) return parsed.deleted ? 'absent' : 'lost';
        return generation ? 'absent' : 'rebuilding';
      });
      const lost = ids.filter((_, i) => reasons[i] === 'lost');
      if (lost.length > 0) await redis.sadd(repairKey, ...lost);
      return reasons;
    },
    /** Takes up to `max` of the ids readers found lost (each taken once, by one keeper). */
    async takeRepairRequests(max: number): Promise<string[]> {
      return (await redis.spop(repairKey, max)) ?? [];
    },
    /** The marker of the last completed full rebuild; null when the read model was lost (or never built). */
    async generation(): Promise<Generation | null> {
      const raw = await redis.get(generationKey);
      return raw ? (JSON.parse(raw) as Generation) : null;
    },
    async markGeneration(generation: Generation): Promise<void> {
      await redis.set(generationKey, JSON.stringify(generation));
    },
    /** Claims the one full rebuild several projectors might start; true if `owner` got it. Expires unless extended. */
    async claimRebuild(owner: string, ttlMs: number): Promise<boolean> {
      return (await redis.set(rebuildClaimKey, owner, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async extendRebuildClaim(owner: string, ttlMs: number): Promise<boolean> {
      return (await redis.eval(EXTEND_IF_OWNER, 1, rebuildClaimKey, owner, ttlMs)) === 1;
    },
    async releaseRebuild(owner: string): Promise<void> {
      await redis.eval(RELEASE_IF_OWNER, 1, rebuildClaimKey, owner);
    },
    /**
     * Claims the periodic audit for `ttlMs` (never released: it says "audited this interval"),
     * so that of several projectors one reads the whole command side per interval; true if `owner` got it.
     */
    async claimAudit(owner: string, ttlMs: number): Promise<boolean> {
      return (await redis.set(auditClaimKey, owner, 'PX', ttlMs, 'NX')) === 'OK';
    },
    /** Every shop id that has a document, by SCAN on every master (never blocks Redis). */
    async *documentIds(): AsyncGenerator<string[]> {
      for await (const keys of scanKeys(redis, `${prefix}:shop:{*}`)) yield keys.map((key) => key.slice(key.indexOf('{') + 1, -1));
    },
  };
}

export type ReadModelStore = ReturnType<typeof createReadModelStore>;
