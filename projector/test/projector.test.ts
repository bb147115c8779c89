import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createLogger } from '@shopgraph/telemetry/logger';
import { waitFor } from '@shopgraph/testing/wait-for';
import { TEST_REDIS_URL } from '@shopgraph/testing/test-redis';
import { createCommandSources, type CommandSources } from '../src/sources/command-sources.js';
import { createProjector } from '../src/projection/projector.js';
import { createReadModelStore } from '@shopgraph/read-model';
import { startCommandSide, type CommandSide } from './command-side.js';

let side: CommandSide;
const redis = createRedis(TEST_REDIS_URL, 'read-model');
let store: ReturnType<typeof createReadModelStore>;
let sources: CommandSources;

const UPDATE = `mutation($id: ID!, $input: UpdateShopInput!) { updateShop(id: $id, input: $input) { version } }`;

async function versionOf(shopId: string) {
  return (await side.shop.prisma.shop.findUniqueOrThrow({ where: { id: Number(shopId) } })).version;
}
/** Waits until the document reflects the source's current version, and returns it. */
async function converged(shopId: string) {
  const version = await versionOf(shopId);
  return waitFor(async () => {
    const doc = await store.get(shopId);
    return doc && doc.sourceVersion === version ? doc : undefined;
  }, { what: `shop ${shopId} at version ${version}` });
}

beforeAll(async () => {
  side = await startCommandSide('projector');
  store = createReadModelStore({ redis, prefix: side.prefix });
  sources = createCommandSources({ ...side.projectorConfig.sources, identity: createIdentityCodec({ services: side.projectorConfig.serviceTokenSecret }) });
  // Two projectors on one queue from the start: every test below runs with both.
  await side.startProjector();
  await side.startProjector();
});

afterAll(async () => {
  await side?.close();
  redis.disconnect();
});

describe('the projector', () => {
  it('publishes a new shop with every field flattened from the three sources', async () => {
    const ownerId = await side.signUp('김민준');
    const shopId = await side.createShop(ownerId);
    const doc = await converged(shopId);
    expect(doc).toMatchObject({ id: shopId, name: '교촌치킨 역삼점', ownerName: '김민준', status: 'CLOSED', sourceVersion: 1, rating: { average: 0, count: 0 }, recentReviews: [], menu: [] });
    expect(Date.parse(doc.projectedAt)).toBeGreaterThanOrEqual(Date.parse(doc.updatedAt));
  });

  it('re-reads only the source an event names, keeping the other parts as the document has them', async () => {
    const ownerId = await side.signUp('부분 사장');
    const shopId = await side.createShop(ownerId);
    await converged(shopId);
    const calls: string[] = [];
    const counted: CommandSources = {
      ...sources,
      shopSnapshot: (id) => (calls.push('shop'), sources.shopSnapshot(id)),
      ownerSnapshot: (id) => (calls.push('owner'), sources.ownerSnapshot(id)),
      reviewSummary: (id) => (calls.push('reviews'), sources.reviewSummary(id)),
    };
    const projector = createProjector({ sources: counted, store, logger: createLogger('projector', 'silent') });
    await side.mutate('shop', UPDATE, { id: shopId, input: { name: '새 이름' } }, ownerId);
    await projector.handle({ name: 'shop.updated', payload: { shopId } });
    expect(calls).toEqual(['shop']);
    expect(await store.get(shopId)).toMatchObject({ name: '새 이름', ownerName: '부분 사장', rating: { count: 0 } });
    calls.length = 0;
    await projector.handle({ name: 'review.written', payload: { shopId, reviewId: '1' } });
    expect(calls.sort()).toEqual(['reviews', 'shop']);
    calls.length = 0;
    await projector.handle({ name: 'owner.updated', payload: { ownerId } });
    expect(calls.sort()).toEqual(['owner', 'shop']);
  });

  it('converges to the latest state after a burst of updates to one shop', async () => {
    const ownerId = await side.signUp();
    const shopId = await side.createShop(ownerId);
    await Promise.all(Array.from({ length: 40 }, (_, i) => side.mutate('shop', UPDATE, { id: shopId, input: { deliveryTip: i * 10 } }, ownerId)));
    await side.mutate('shop', UPDATE, { id: shopId, input: { name: '마지막 이름' } }, ownerId);
    const doc = await converged(shopId);
    expect(doc.sourceVersion).toBe(42);
    expect(doc.name).toBe('마지막 이름');
  });

  it('shows an owner rename on every one of their shops (fan-out)', async () => {
    const ownerId = await side.signUp('이서연');
    const shops = [await side.createShop(ownerId, 'A'), await side.createShop(ownerId, 'B'), await side.createShop(ownerId, 'C')];
    for (const id of shops) await converged(id);
    await side.mutate('owner', `mutation { updateProfile(name: "이사장") { id } }`, {}, ownerId);
    for (const id of shops) {
      await waitFor(async () => (await store.get(id))?.ownerName === '이사장', { what: `rename on shop ${id}` });
    }
  });

  it('folds a new review into the rating and the newest reviews (fan-in)', async () => {
    const ownerId = await side.signUp();
    const shopId = await side.createShop(ownerId);
    await converged(shopId);
    await waitFor(() => side.review.prisma.knownShop.findUnique({ where: { shopId: Number(shopId) } }), { what: 'review knows shop' });
    for (const rating of [5, 3]) {
      await side.mutate('review', `mutation($id: ID!, $r: Int!) { writeReview(shopId: $id, input: { rating: $r, text: "맛있어요", author: "손님" }) { id } }`, { id: shopId, r: rating });
    }
    const doc = await waitFor(async () => {
      const current = await store.get(shopId);
      return current?.rating.count === 2 ? current : undefined;
    });
    expect(doc.rating).toEqual({ average: 4, count: 2 });
    expect(doc.recentReviews.map((r) => r.rating)).toEqual([3, 5]);
  });

  it('removes a deleted shop, and a late projection of its old state cannot bring it back', async () => {
    const ownerId = await side.signUp();
    const shopId = await side.createShop(ownerId);
    await converged(shopId);
    const staleShop = await sources.shopSnapshot(shopId);
    await side.mutate('shop', `mutation($id: ID!) { deleteShop(id: $id) }`, { id: shopId }, ownerId);
    await waitFor(async () => (await store.versions(shopId))?.deleted === true, { what: 'tombstone' });
    expect(await store.get(shopId)).toBeNull();
    // An out-of-order job that read the shop before its deletion writes late.
    const late = createProjector({ sources: { ...sources, shopSnapshot: async () => staleShop }, store, logger: createLogger('late', 'silent') });
    expect(await late.projectShop(shopId)).toBe('stale');
    expect(await store.get(shopId)).toBeNull();
  });

  it('ignores an out-of-order job carrying an older state', async () => {
    const ownerId = await side.signUp();
    const shopId = await side.createShop(ownerId, '옛 이름');
    await converged(shopId);
    const old = await sources.shopSnapshot(shopId);
    await side.mutate('shop', UPDATE, { id: shopId, input: { name: '새 이름' } }, ownerId);
    await converged(shopId);
    const late = createProjector({ sources: { ...sources, shopSnapshot: async () => old }, store, logger: createLogger('late', 'silent') });
    expect(await late.projectShop(shopId)).toBe('stale');
    expect((await store.get(shopId))?.name).toBe('새 이름');
  });

  it('keeps the newest state for many shops changed at once', async () => {
    const ownerId = await side.signUp();
    const shopIds = await Promise.all(Array.from({ length: 5 }, (_, i) => side.createShop(ownerId, `동시 ${i}`)));
    await Promise.all(
      shopIds.flatMap((id) => Array.from({ length: 10 }, (_, i) => side.mutate('shop', UPDATE, { id, input: { minOrderAmount: i * 1000 } }, ownerId))),
    );
    for (const id of shopIds) {
      const doc = await converged(id);
      expect(doc.sourceVersion).toBe(11);
    }
  });
});
