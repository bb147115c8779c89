import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@shopgraph/redis-client/redis';
import { deleteKeysWithPrefix, TEST_REDIS_URL } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createReadModelStore, type ReadModelStore } from '@shopgraph/read-model';
import { startCommandSide, type CommandSide } from './command-side.js';

// Two projectors with the keeper on, checking often but auditing at the default pace (every
// 60 s: longer than any test here waits), so what repairs a loss here is the keeper noticing
// it, not its periodic audit; nothing here runs a rebuild by hand.
let side: CommandSide;
const redis = createRedis(TEST_REDIS_URL, 'read-model');
let store: ReadModelStore;
let ownerId: string;
const shops: string[] = [];

async function allServed(): Promise<boolean> {
  return (await store.missing(shops)).length === 0;
}
async function readiness(port: number) {
  const report = (await (await fetch(`http://127.0.0.1:${port}/ready`)).json()) as { checks: { readModelState?: { details?: { state: string } } } };
  return report.checks.readModelState?.details?.state;
}

beforeAll(async () => {
  side = await startCommandSide('keeper', { READ_MODEL_CHECK_MS: '100' });
  store = createReadModelStore({ redis, prefix: side.prefix });
  ownerId = await side.signUp('자가치유');
  // Shops recorded before any projector ran: their events wait in the queue.
  for (let i = 0; i < 30; i += 1) shops.push(await side.createShop(ownerId, `치유 ${i}`));
  await side.startProjector();
  await side.startProjector();
});

afterAll(async () => {
  await side?.close();
  redis.disconnect();
});

describe('the read model keeper', () => {
  it('builds a read model that was never built, leaves its generation marker and says so on /ready', async () => {
    await waitFor(async () => (await store.generation()) !== null, { what: 'the generation marker' });
    await waitFor(allServed, { what: 'every shop projected' });
    await waitFor(async () => (await readiness(await side.projectorPort())) === 'intact', { what: '/ready to say intact' });
  });

  it('rebuilds a wiped read model by itself: no command, no operator', async () => {
    await waitFor(async () => (await store.generation()) !== null, { what: 'the generation marker' });
    const before = (await store.generation())!;
    // Everything of the read model goes: documents, versions and the marker (as a Redis restarted empty would).
    // The wipe is checked by what the deletes report: a keeper (checking every 100 ms) may
    // already be writing documents back before a read afterwards could see them gone.
    expect(await deleteKeysWithPrefix(`${side.prefix}:shop:`)).toBeGreaterThanOrEqual(shops.length);
    await deleteKeysWithPrefix(`${side.prefix}:shopv:`);
    expect(await redis.del(store.generationKey)).toBe(1);
    await waitFor(allServed, { what: 'every shop served again', timeoutMs: 20_000 });
    const after = await waitFor(() => store.generation(), { what: 'a new generation marker' });
    expect(Date.parse(after.rebuiltAt)).toBeGreaterThan(Date.parse(before.rebuiltAt));
    expect(after.shops).toBe(shops.length);
    const doc = await store.get(shops[7]!);
    expect(doc).toMatchObject({ id: shops[7], name: '치유 7', ownerName: '자가치유' });
  });

  it('repairs documents deleted while the marker stayed (lost in part)', async () => {
    const lost = [shops[3]!, shops[11]!, shops[29]!];
    // Checked by DEL's count, not by reading back: the keeper may repair one at once.
    for (const id of lost) expect(await redis.del(store.documentKey(id))).toBe(1);
    await waitFor(allServed, { what: 'the deleted documents rebuilt', timeoutMs: 20_000 });
  });

  it('serves every shop again within 10 s after every document is deleted by pattern, the marker and versions left (nothing reading)', async () => {
    await waitFor(allServed, { what: 'every shop served before' });
    // What `redis-cli --scan --pattern '<prefix>:shop:*' | xargs redis-cli del` does: the
    // documents go, their versions (`shopv:`) and the generation marker stay.
    const started = Date.now();
    expect(await deleteKeysWithPrefix(`${side.prefix}:shop:`)).toBeGreaterThanOrEqual(shops.length);
    expect(await store.generation()).not.toBeNull();
    await waitFor(allServed, { what: 'every shop served again', timeoutMs: 10_000 });
    console.info(`keeper test: ${shops.length} documents deleted by pattern, all back after ${((Date.now() - started) / 1000).toFixed(2)} s`);
  });

  it('never tells a reader that an existing shop does not exist while the read model is rebuilt', async () => {
    await waitFor(allServed, { what: 'every shop served before' });
    const told: string[] = [];
    // A reader as the display subgraph reads: the documents, and for a missing one, why.
    const read = async () => {
      const raws = await store.getRaw(shops);
      const missing = shops.filter((_, i) => !raws[i]);
      const reasons = missing.length ? await store.whyMissing(missing) : [];
      reasons.forEach((reason, i) => reason === 'absent' && told.push(missing[i]!));
      return missing.length === 0;
    };
    for (const wipe of [
      async () => expect(await deleteKeysWithPrefix(`${side.prefix}:shop:`)).toBeGreaterThanOrEqual(shops.length),
      // Everything, as a Redis restarted empty loses it; the marker first (a reader must never see
      // the marker without the documents), under the claim so that no keeper rebuilds in between.
      async () => {
        await waitFor(() => store.claimRebuild('the test', 60_000), { what: 'the rebuild claim' });
        expect(await redis.del(store.generationKey)).toBe(1);
        expect(await deleteKeysWithPrefix(`${side.prefix}:shop`)).toBeGreaterThanOrEqual(shops.length * 2);
        await store.releaseRebuild('the test');
      },
    ]) {
      await wipe();
      await waitFor(read, { what: 'every shop served again', timeoutMs: 10_000, intervalMs: 5 });
      await waitFor(async () => (await store.generation()) !== null, { what: 'the marker' });
    }
    expect(told).toEqual([]);
  });
});

describe('the read-model keeper under load of its own making', () => {
  it('runs one full rebuild for two projectors: the second sees the claim', async () => {
    // The claim key is what keeps two projectors from rebuilding the same model twice.
    // Claim before the marker goes: the keepers check every 100 ms, and one that saw the
    // marker missing first would (rightly) take the claim itself (CI lost that race once).
    // Waited for: a keeper's own rebuild writes its marker just before it releases the claim.
    const owner = 'another process';
    await waitFor(() => store.claimRebuild(owner, 60_000), { what: 'the rebuild claim, free once no keeper rebuilds' });
    await redis.del(store.generationKey);
    // Both projectors see no marker, neither may rebuild while another holds the claim.
    await waitFor(async () => (await readiness(await side.projectorPort())) === 'rebuilt elsewhere', { what: '/ready to say rebuilt elsewhere' });
    expect(await store.generation()).toBeNull();
    await store.releaseRebuild(owner);
    await waitFor(async () => (await store.generation()) !== null, { what: 'the marker, once the claim is released' });
  });
});
