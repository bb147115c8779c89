import { queueKeyPrefix } from '@shopgraph/events/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import type { RunningServer } from '@shopgraph/service-shell/http-server';
import { createCommandSources, type CommandSources } from '../src/sources/command-sources.js';
import { createProjector } from '../src/projection/projector.js';
import { createReadModelStore, type ReadModelStore } from '@shopgraph/read-model';
import { createRebuilder, type Rebuilder } from '../src/recovery/rebuild.js';
import { verifyReadModel } from '../src/recovery/verify.js';
import { startReadModelKeeper } from '../src/recovery/read-model-keeper.js';
import { startCommandSide, type CommandSide } from './command-side.js';
import { aShopDocument } from '@shopgraph/read-model/testing';

let side: CommandSide;
let projectorServer: RunningServer;
const redis = createRedis(TEST_REDIS_URL, 'read-model');
let store: ReadModelStore;
let sources: CommandSources;
let rebuilder: Rebuilder;
let ownerId: string;
const shops: string[] = [];

async function wipeReadModel() {
  for await (const ids of store.documentIds()) for (const id of ids) await store.remove(id);
}
async function settled() {
  for (const id of shops) {
    const { version, deletedAt } = await side.shop.prisma.shop.findUniqueOrThrow({ where: { id: Number(id) } });
    await waitFor(async () => (deletedAt ? (await store.versions(id))?.deleted : (await store.get(id))?.sourceVersion === version), { what: `shop ${id} projected` });
  }
}

beforeAll(async () => {
  side = await startCommandSide('recovery');
  store = createReadModelStore({ redis, prefix: side.prefix });
  sources = createCommandSources({ ...side.projectorConfig.sources, identity: createIdentityCodec({ services: side.projectorConfig.serviceTokenSecret }) });
  const logger = createLogger('recovery', 'silent');
  rebuilder = createRebuilder({ sources, store, projector: createProjector({ sources, store, logger }), logger });
  projectorServer = await side.startProjector();
  ownerId = await side.signUp('복구왕');
  for (let i = 0; i < 5; i += 1) shops.push(await side.createShop(ownerId, `복구 ${i}`));
  await settled();
});

afterAll(async () => {
  await side?.close();
  redis.disconnect();
});

describe('resync', () => {
  it('--all rebuilds a lost read model, tombstones deleted shops and removes documents of unknown ones', async () => {
    await side.mutate('shop', `mutation($id: ID!) { deleteShop(id: $id) }`, { id: shops[4] }, ownerId);
    await settled();
    await wipeReadModel();
    await store.write('999999', aShopDocument({ id: '999999' }), { shop: 1, owner: 1, reviews: 0, deleted: false });
    const report = await rebuilder.rebuildAll();
    expect(report).toMatchObject({ written: 4, removed: 1, stale: 0 });
    for (const id of shops.slice(0, 4)) expect((await store.get(id))?.ownerName).toBe('복구왕');
    expect(await store.get(shops[4]!)).toBeNull();
    expect(await store.get('999999')).toBeNull();
  });

  it('--ids rebuilds only the given shops', async () => {
    await wipeReadModel();
    const report = await rebuilder.rebuildIds([shops[0]!, shops[1]!]);
    expect(report.written).toBe(2);
    expect(await store.get(shops[0]!)).not.toBeNull();
    expect(await store.get(shops[2]!)).toBeNull();
    await rebuilder.rebuildAll();
  });

  it('--since rebuilds only shops changed since then', async () => {
    await side.shop.prisma.shop.updateMany({ where: { id: { in: shops.map(Number) } }, data: { updatedAt: new Date(Date.now() - 3600_000) } });
    await side.mutate('shop', `mutation($id: ID!) { updateShop(id: $id, input: { notice: "방금 바뀜" }) { id } }`, { id: shops[1] }, ownerId);
    await settled();
    await wipeReadModel();
    const report = await rebuilder.rebuildSince(new Date(Date.now() - 60_000));
    expect(report.checked).toBe(1);
    expect((await store.get(shops[1]!))?.notice).toBe('방금 바뀜');
    expect(await store.get(shops[0]!)).toBeNull();
    await rebuilder.rebuildAll();
  });

  it('never writes an older state over a newer one written meanwhile', async () => {
    const id = shops[2]!;
    const current = (await store.versions(id))!;
    await store.write(id, aShopDocument({ id, name: '더 새로운 상태' }), { ...current, shop: current.shop + 1 });
    const report = await rebuilder.rebuildIds([id]);
    expect(report.stale).toBe(1);
    expect((await store.get(id))?.name).toBe('더 새로운 상태');
    await store.remove(id);
    await rebuilder.rebuildIds([id]);
  });

  it('--all removes any number of orphaned documents, more than one source call takes', async () => {
    const orphans = Array.from({ length: 600 }, (_, i) => String(800_000 + i));
    for (const id of orphans) await store.write(id, aShopDocument({ id }), { shop: 1, owner: 1, reviews: 0, deleted: false });
    // SCAN pages vary in size; here they all come in one page of 600, above the 500 a source call takes.
    const onePage: ReadModelStore = {
      ...store,
      async *documentIds() {
        const all: string[] = [];
        for await (const ids of store.documentIds()) all.push(...ids);
        yield all;
      },
    };
    const logger = createLogger('recovery', 'silent');
    const report = await createRebuilder({ sources, store: onePage, projector: createProjector({ sources, store, logger }), logger }).rebuildAll();
    expect(report.removed).toBe(orphans.length);
    expect(await store.get(orphans[0]!)).toBeNull();
  });
});

describe('a shop the command side cannot complete', () => {
  it('is skipped by a full rebuild, logged and counted, and the rebuild goes on to the end', async () => {
    const broken = shops[1]!;
    // The review source answers null for one shop (as for a shop it never heard of); the owner source likewise for an owner.
    const holey: CommandSources = {
      ...sources,
      reviewSummaries: async (ids) => (await sources.reviewSummaries(ids)).map((summary, i) => (ids[i] === broken ? null : summary)) as never,
    };
    const logger = createLogger('recovery', 'silent');
    await wipeReadModel();
    const report = await createRebuilder({ sources: holey, store, projector: createProjector({ sources: holey, store, logger }), logger }).rebuildAll();
    expect(report).toMatchObject({ written: 3, skipped: 1, stale: 0 });
    expect(await store.get(broken)).toBeNull();
    expect(await store.get(shops[0]!)).not.toBeNull();
    await rebuilder.rebuildAll();
  });
});

describe('the rebuild claim', () => {
  it('stops a keeper\'s full rebuild once it loses its claim: it writes nothing more and no marker', async () => {
    // A read model of its own, so this keeper's rebuild touches nothing the other tests count.
    const ownPrefix = uniquePrefix('claim');
    const own = createReadModelStore({ redis, prefix: ownPrefix });
    const logger = createLogger('recovery', 'silent');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let pages = 0;
    const slow: CommandSources = {
      ...sources,
      async shopIds(after, first) {
        pages += 1;
        await gate;
        return sources.shopIds(after, first);
      },
    };
    const keeper = startReadModelKeeper({
      store: own,
      sources: slow,
      rebuilder: createRebuilder({ sources: slow, store: own, projector: createProjector({ sources: slow, store: own, logger }), logger }),
      logger,
      checkIntervalMs: 50,
      auditIntervalMs: 0,
      claimTtlMs: 300,
    });
    try {
      await waitFor(() => keeper.state().state === 'rebuilding', { what: 'the keeper rebuilding' });
      // Another process takes the claim over (as after this one stalled past its expiry).
      await redis.set(own.rebuildClaimKey, 'another process', 'PX', 60_000);
      await waitFor(() => keeper.state().state !== 'rebuilding', { what: 'the keeper to give the rebuild up', timeoutMs: 5000 });
      release();
      await waitFor(() => pages >= 1, { what: 'the page read' });
      await keeper.stop();
      expect(await own.generation()).toBeNull();
      expect(await own.missing(shops.slice(0, 4))).toHaveLength(4);
      expect(await redis.get(own.rebuildClaimKey)).toBe('another process');
    } finally {
      release();
      await keeper.stop();
      await deleteKeysWithPrefix(ownPrefix);
    }
  });
});

describe('verify', () => {
  it('finds drifted documents, and none once they are re-projected', async () => {
    // Four live shops; the deleted one has no document left to check.
    expect(await verifyReadModel(sources, store, 10)).toEqual({ checked: 4, drifted: [], unprojectable: [] });
    const id = shops[3]!;
    const doc = (await store.get(id))!;
    await redis.set(store.documentKey(id), JSON.stringify({ ...doc, name: '누가 바꿨나' }));
    await store.remove(shops[0]!);
    const report = await verifyReadModel(sources, store, 10);
    expect(report.drifted.sort()).toEqual([shops[0], id].sort());
    // Not forced, a rebuild leaves a document alone whose versions are current: the drift stays.
    expect((await rebuilder.rebuildIds(report.drifted)).stale).toBe(1);
    expect((await verifyReadModel(sources, store, 10)).drifted).toEqual([id]);
    // Forced (as `verify --fix` does), it is overwritten.
    await rebuilder.rebuildIds(report.drifted, undefined, { force: true });
    expect((await verifyReadModel(sources, store, 10)).drifted).toEqual([]);
  });
});

describe('admin endpoint', () => {
  it('needs the admin token and rebuilds given shops', async () => {
    const url = `${projectorServer.url}/admin/resync`;
    const post = (body: unknown, token?: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    expect((await post({ ids: [shops[0]] })).status).toBe(401);
    expect((await post({ ids: [shops[0]] }, 'wrong-token')).status).toBe(401);
    const ok = await post({ ids: [shops[0]] }, side.projectorConfig.adminToken);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ checked: 1 });
    expect((await post({ since: 'yesterday-ish' }, side.projectorConfig.adminToken)).status).toBe(400);
    expect((await post({ all: true }, side.projectorConfig.adminToken)).status).toBe(202);
    await waitFor(async () => {
      const status = await (await fetch(url, { headers: { authorization: `Bearer ${side.projectorConfig.adminToken}` } })).json();
      return (status as { finishedAt?: string }).finishedAt;
    });
  });

  it('runs a full rebuild only under the rebuild claim: refused with 409 REBUILD_RUNNING while another holds it', async () => {
    const url = `${projectorServer.url}/admin/resync`;
    const token = side.projectorConfig.adminToken;
    const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ all: true }) });
    await waitFor(() => store.claimRebuild('a keeper elsewhere', 60_000), { what: 'the claim' });
    try {
      const refused = await post();
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ code: 'REBUILD_RUNNING' });
    } finally {
      await store.releaseRebuild('a keeper elsewhere');
    }
    await redis.del(store.generationKey);
    expect((await post()).status).toBe(202);
    // A full rebuild that completes leaves the generation marker, whoever ran it.
    await waitFor(() => store.generation(), { what: 'the marker of the finished rebuild' });
    expect(await store.claimRebuild('after', 1000)).toBe(true);
    await store.releaseRebuild('after');
  });
});

describe('queue board', () => {
  it('shows every queue to operators only, signs a browser in, and retries or removes failed jobs', async () => {
    const board = `${projectorServer.url}/admin/queues`;
    const token = side.projectorConfig.adminToken;
    // A browser is sent to sign in; an API call is refused.
    const page = await fetch(board, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fqueues');
    expect((await fetch(`${board}/api/queues`)).status).toBe(401);
    expect((await fetch(`${board}/api/queues`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    const signIn = (given: string) =>
      fetch(`${projectorServer.url}/admin/login?next=%2Fadmin%2Fqueues`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: given }),
        redirect: 'manual',
      });
    expect((await signIn('wrong')).status).toBe(401);
    const signedIn = await signIn(token);
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(token);
    const session = cookie.split(';')[0]!;
    expect((await fetch(board, { headers: { cookie: session } })).status).toBe(200);

    // A failed job in a queue no worker of this test consumes (no search indexer runs here), failed by hand (manual processing).
    const connection = createRedis(TEST_REDIS_URL, 'worker');
    const prefix = queueKeyPrefix(side.projectorConfig.queuePrefix, 'search');
    const queue = new Queue('search', { connection, prefix });
    const manual = new Worker('search', null, { connection, prefix, autorun: false });
    const failNext = async (reason: string) => {
      const job = await manual.getNextJob('test-lock');
      await job!.moveToFailed(new Error(reason), 'test-lock');
    };
    try {
      await queue.obliterate({ force: true }); // the earlier tests' events, which nothing here indexes
      await queue.add('shop.created', { shopId: '42' }, { attempts: 1 });
      await failNext('known-shop table missing');
      expect(await queue.getFailedCount()).toBe(1);

      const listed = (await (await fetch(`${board}/api/queues?activeQueue=search&status=failed`, { headers: { cookie: session } })).json()) as {
        queues: { name: string; jobs: { data: unknown }[] }[];
      };
      expect(listed.queues.map((q) => q.name).sort()).toEqual(['ads-serving', 'ads-shops', 'display', 'review-shops', 'search']);
      expect(listed.queues.find((q) => q.name === 'search')!.jobs.map((job) => job.data)).toEqual([{ shopId: '42' }]);

      const put = (path: string) => fetch(`${board}/api/queues/search/${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
      expect((await put('retry/failed')).status).toBe(200);
      expect(await queue.getFailedCount()).toBe(0);
      expect(await queue.getWaitingCount()).toBe(1);
      await failNext('still missing');
      const [failed] = await queue.getFailed();
      // Removed one job at a time (the board's "clean all" spares jobs failed in the last 5 s).
      expect((await put(`${failed!.id}/clean`)).ok).toBe(true);
      expect(await queue.getFailedCount()).toBe(0);
    } finally {
      await manual.close();
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  });
});
