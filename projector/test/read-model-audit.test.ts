import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@shopgraph/redis-client/redis';
import { TEST_REDIS_URL } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createReadModelStore, type ReadModelStore } from '@shopgraph/read-model';
import { createCommandSources, type CommandSources } from '../src/sources/command-sources.js';
import { startCommandSide, type CommandSide } from './command-side.js';

// One projector whose keeper audits every 300 ms: what a lost event leaves behind is repaired by the audit.
let side: CommandSide;
const redis = createRedis(TEST_REDIS_URL, 'read-model');
let store: ReadModelStore;
let ownerId: string;
const shops: string[] = [];
/** Shops whose whole state the projector read (snapshots, review summaries): what an audit of an intact read model should not need. */
const stateReads: string[] = [];

async function readiness(port: number) {
  const report = (await (await fetch(`http://127.0.0.1:${port}/ready`)).json()) as {
    checks: { readModelState?: { details?: { state: string; lastAudit?: { at: string; by: string } } } };
  };
  return report.checks.readModelState?.details;
}

beforeAll(async () => {
  side = await startCommandSide('audit', { READ_MODEL_CHECK_MS: '100', READ_MODEL_AUDIT_MS: '300' });
  store = createReadModelStore({ redis, prefix: side.prefix });
  ownerId = await side.signUp('감사관');
  for (let i = 0; i < 3; i += 1) shops.push(await side.createShop(ownerId, `감사 ${i}`));
  const sources = createCommandSources({ ...side.projectorConfig.sources, identity: side.identities });
  const counted: CommandSources = {
    ...sources,
    async shopSnapshots(ids) {
      stateReads.push(...ids.map((id) => `shop ${id}`));
      return sources.shopSnapshots(ids);
    },
    async reviewSummaries(ids) {
      stateReads.push(...ids.map((id) => `reviews ${id}`));
      return sources.reviewSummaries(ids);
    },
  };
  await side.startProjector(counted);
  await waitFor(async () => (await store.missing(shops)).length === 0 && (await store.generation()) !== null, { what: 'every shop projected' });
});

afterAll(async () => {
  await side?.close();
  redis.disconnect();
});

/** Waits for an audit by this projector that started after `since` (ISO time), and returns when it ended. */
async function auditAfter(since: string): Promise<string> {
  return waitFor(async () => {
    const audit = (await readiness(await side.projectorPort()))?.lastAudit;
    return audit && audit.by === 'this projector' && audit.at > since ? audit.at : null;
  }, { what: `an audit after ${since}` });
}

describe('the read model audit', () => {
  it('compares versions only: an audit of an intact read model reads no shop\'s whole state', async () => {
    // Every 60 s in production, over every shop: reading each shop's snapshot and review
    // summary to learn its versions cost seconds of CPU per 10,000 shops, all at once.
    const first = await auditAfter(new Date().toISOString());
    stateReads.length = 0;
    await auditAfter(await auditAfter(first));
    expect(stateReads).toEqual([]);
  });

  it('repairs a document older than the command side (a lost event), written behind the projector\'s back', async () => {
    const id = shops[1]!;
    await side.mutate('shop', `mutation($id: ID!) { updateShop(id: $id, input: { notice: "새 공지" }) { id } }`, { id }, ownerId);
    const current = await waitFor(async () => {
      const found = await store.current(id);
      return found?.document?.notice === '새 공지' ? found : null;
    }, { what: 'the update projected' });
    // As if the update's event had been lost: the document and its versions one shop version back.
    const { shop, owner, reviews } = current.versions;
    await redis.mset(
      store.documentKey(id),
      JSON.stringify({ ...current.document, notice: null, sourceVersion: shop - 1 }),
      store.versionsKey(id),
      `${shop - 1}:${owner}:${reviews}:0`,
    );
    await waitFor(async () => (await store.get(id))?.notice === '새 공지', { what: 'the audit to re-project the stale document', timeoutMs: 10_000 });
    expect(await store.versions(id)).toEqual(current.versions);
  });

  it('repairs a document whose owner or reviews are behind (their events lost), each compared by its own version', async () => {
    const id = shops[0]!;
    await side.mutate('review', `mutation($id: ID!) { writeReview(shopId: $id, input: { rating: 4, text: "바삭해요", author: "감사" }) { id } }`, { id });
    const current = await waitFor(async () => {
      const found = await store.current(id);
      return found?.document?.rating.count === 1 ? found : null;
    }, { what: 'the review projected', timeoutMs: 10_000 });
    const { shop, owner, reviews } = current.versions;
    const behind = async (versions: string, document: object) => {
      await redis.mset(store.documentKey(id), JSON.stringify({ ...current.document, ...document }), store.versionsKey(id), versions);
    };
    // As if an owner's rename had been lost: the owner's version one back, the shop's and the reviews' current.
    await behind(`${shop}:${owner - 1}:${reviews}:0`, { ownerName: '옛 사장' });
    await waitFor(async () => (await store.get(id))?.ownerName === '감사관', { what: 'the audit to re-project the owner behind', timeoutMs: 10_000 });
    // As if the review's event had been lost: the reviews' version one back.
    await behind(`${shop}:${owner}:${reviews - 1}:0`, { rating: { average: 0, count: 0 }, recentReviews: [] });
    await waitFor(async () => (await store.get(id))?.rating.count === 1, { what: 'the audit to re-project the reviews behind', timeoutMs: 10_000 });
    expect(await store.versions(id)).toEqual(current.versions);
  });

  it('runs on one projector per interval: while another has audited this interval, this one does not read the command side', async () => {
    const id = shops[2]!;
    const current = (await store.current(id))!;
    const { shop, owner, reviews } = current.versions;
    // Another projector's claim on this interval's audit, held for the test.
    await redis.set(store.auditClaimKey, 'another projector', 'PX', 60_000);
    const staleSince = new Date().toISOString();
    await redis.mset(
      store.documentKey(id),
      JSON.stringify({ ...current.document, name: '옛 이름' }),
      store.versionsKey(id),
      `${shop - 1}:${owner}:${reviews}:0`,
    );
    // An audit interval went by and was left to the claim's holder: the stale document stays.
    await waitFor(async () => {
      const state = await readiness(await side.projectorPort());
      return state?.lastAudit?.by === 'another projector' && state.lastAudit.at > staleSince;
    }, { what: 'an audit left to another projector' });
    expect((await store.get(id))?.name).toBe('옛 이름');
    await redis.del(store.auditClaimKey);
    await waitFor(async () => (await store.get(id))?.name === '감사 2', { what: 'the next audit, this projector\'s' });
  });
});
