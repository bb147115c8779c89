import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@shopgraph/kit/redis';
import { deleteKeysWithPrefix, TEST_REDIS_URL } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createReadModelStore, type ReadModelStore } from '@shopgraph/read-model';
import { startCommandSide, type CommandSide } from './command-side.js';

// Two projectors with the keeper on, checking often; nothing here runs a rebuild by hand.
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
  side = await startCommandSide('keeper', { READ_MODEL_CHECK_MS: '100', READ_MODEL_AUDIT_MS: '300' });
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
    // Checked by DEL's count, not by reading back: the audit (every 300 ms) may repair one at once.
    for (const id of lost) expect(await redis.del(store.documentKey(id))).toBe(1);
    await waitFor(allServed, { what: 'the deleted documents rebuilt by the audit', timeoutMs: 20_000 });
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
