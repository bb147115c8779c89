import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopChangedChannel, shopChangeMessage } from '@shopgraph/events/read-model-changes';
import { createAuthTokens } from '@shopgraph/identity/auth-token';
import { createRedis } from '@shopgraph/redis-client/redis';
import { metricsRegistry } from '@shopgraph/telemetry/metrics';
import { dataOf, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import type { RunningGateway } from '../src/create-gateway.js';
import { startShopBehindProxy, type ShopBehindProxy } from './shop-behind-proxy.js';
import { startTestGateway } from './test-gateway.js';

// The gateway's adaptive write limit against the real shop subgraph on its own database,
// behind a proxy that can hold each answer (a command side past saturation) and counts the
// calls it holds at once.
const SECRET = 'write-limit-internal-secret';
const JWT = 'write-limit-jwt-secret-0123456789';
const OWNER = '401';
const TARGET_MS = 100;
const LAG_TARGET_MS = 2000;
const tokens = createAuthTokens(JWT);
const prefix = uniquePrefix('write-limit');
let behind: ShopBehindProxy;
let gateway: RunningGateway;
/** How long the proxy holds each call before passing it on. */
let holdMs = 0;
let held = 0;
let mostHeld = 0;

const UPDATE = `mutation Notice($id: ID!, $notice: String) { updateShop(id: $id, input: { notice: $notice }) { id version } }`;
const CREATE = `mutation Create($input: CreateShopInput!) { createShop(input: $input) { id } }`;
const as = async () => ({ authorization: `Bearer ${await tokens.issue(OWNER)}` });

/** One update through the gateway, as a client sees it, with how long it took. */
async function update(id: string, notice: string) {
  const started = performance.now();
  const response = await fetch(gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(await as()) }, body: JSON.stringify({ query: UPDATE, variables: { id, notice } }) });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code, acknowledged: Boolean(body.data && !body.errors), ms: performance.now() - started };
}

/** The worker's write limit, as its gauge reports it. */
const currentLimit = async () => (await metricsRegistry.getSingleMetric('shopgraph_gateway_write_limit')!.get()).values[0]!.value;

/** Twenty (or `count`) updates at once; the proxy's count of calls held at once starts again. */
async function wave(id: string, count = 20) {
  mostHeld = 0;
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => update(id, `공지 ${i}`)));
  return { answers, acknowledged: answers.filter((a) => a.acknowledged).length, refused: answers.filter((a) => a.status === 503), mostHeld };
}

beforeAll(async () => {
  behind = await startShopBehindProxy({
    database: 'gateway-write-limit',
    queuePrefix: prefix,
    internalTokenSecret: SECRET,
    onCall: (_incoming, outgoing, pass) => {
      held += 1;
      mostHeld = Math.max(mostHeld, held);
      outgoing.once('close', () => (held -= 1));
      if (holdMs > 0) setTimeout(pass, holdMs);
      else pass();
    },
  });
  gateway = await startTestGateway({
    ...behind.gatewayEnv,
    JWT_SECRET: JWT,
    GATEWAY_WRITE_LATENCY_TARGET_MS: String(TARGET_MS),
    GATEWAY_WRITE_LAG_TARGET_MS: String(LAG_TARGET_MS),
    // What is refused here is the write limit's doing, not the shedder's on a busy machine.
    GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0',
  });
});

afterAll(async () => {
  await gateway?.close();
  await behind?.close();
  await deleteKeysWithPrefix(prefix);
});

describe('the gateway’s write limit', () => {
  it('past what the command side answers within its target, refuses the rest at once and retryably, and takes them all again once it answers fast', async () => {
    const input = { name: '한도 분식', category: 'KOREAN', phone: '02-555-0199', address: '서울 마포구 9', openingHours: [{ day: 'TUE', opens: '10:00', closes: '21:00' }] };
    const { id } = dataOf(await graphqlRequest<{ createShop: { id: string } }>(gateway.graphqlUrl, CREATE, { input }, await as())).createShop;
    let acknowledged = 0;
    const counted = async (next: Promise<Awaited<ReturnType<typeof wave>>>) => {
      const done = await next;
      acknowledged += done.acknowledged;
      return done;
    };
    // Learned by the gateway (the direct path) and fast: the limit grows until twenty at once pass.
    expect((await update(id, '처음')).acknowledged).toBe(true);
    acknowledged += 1;
    await waitFor(async () => (await counted(wave(id))).acknowledged === 20, { timeoutMs: 20_000, what: 'twenty updates at once acknowledged' });

    holdMs = 4 * TARGET_MS;
    const slowWaves = [];
    for (let i = 0; i < 5; i += 1) {
      const before = await currentLimit();
      const slow = await counted(wave(id));
      slowWaves.push(slow);
      // As many as the limit reached the subgraph, and their answers, 4× the target, halved it
      // (the deepest one cut goes), once: the answers to requests under way at the cut do not cut again.
      expect(slow.mostHeld).toBe(Math.min(20, before));
      expect(await currentLimit()).toBe(Math.max(2, Math.floor(before / 2)));
      for (const refusal of slow.refused) {
        expect(refusal).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: '1', acknowledged: false });
        // At once: the admitted ones are held 400 ms.
        expect(refusal.ms).toBeLessThan(holdMs);
      }
      // Every update ends acknowledged or refused, none failed otherwise.
      expect(slow.acknowledged + slow.refused.length).toBe(20);
    }
    // Down to a few at once reaching the subgraph, the rest refused.
    expect(slowWaves.at(-1)!.refused.length).toBeGreaterThanOrEqual(16);
    // A refused update changed nothing: the version counts the acknowledged ones only.
    expect(Number((await behind.shop.prisma.shop.findUniqueOrThrow({ where: { id: Number(id) } })).version)).toBe(1 + acknowledged);

    // Fast again: each fast answer with the limit in use raises it, until twenty at once all pass.
    holdMs = 0;
    await waitFor(async () => (await wave(id)).acknowledged === 20, { timeoutMs: 20_000, what: 'twenty updates at once acknowledged again' });
  });
  it('cuts the limit when the read model shows changes late, refusing the excess at once, and holds it until the lag passes', async () => {
    const input = { name: '지연 분식', category: 'KOREAN', phone: '02-555-0198', address: '서울 마포구 10', openingHours: [{ day: 'TUE', opens: '10:00', closes: '21:00' }] };
    const { id } = dataOf(await graphqlRequest<{ createShop: { id: string } }>(gateway.graphqlUrl, CREATE, { input }, await as())).createShop;
    await waitFor(async () => (await wave(id)).acknowledged === 20, { timeoutMs: 20_000, what: 'twenty updates at once acknowledged' });
    const before = await currentLimit();
    // The projector's announcement of a change recorded 5 s ago: the read side is behind.
    const redis = createRedis(TEST_REDIS_URL, 'write-limit-test');
    const late = () => redis.publish(shopChangedChannel(prefix), shopChangeMessage({ shopId: id, recordedAt: Date.now() - 5000 }));
    try {
      // Once the worker hears it (its subscription may still be starting): half, once, however many it hears.
      await waitFor(async () => (await late(), (await currentLimit()) < before), { what: 'the write limit cut by the lag' });
      await late();
      const cut = await currentLimit();
      expect(cut).toBe(Math.floor(before / 2));
      // Answers within the latency target (held half of it, so that the wave is at the gateway at
      // once) do not raise it while the lag holds it: the excess is refused at once, retryably.
      holdMs = TARGET_MS / 2;
      const held = await wave(id, cut + 10);
      expect(held.refused.length).toBeGreaterThan(0);
      for (const refusal of held.refused) expect(refusal).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: '1', acknowledged: false });
      expect(held.acknowledged + held.refused.length).toBe(cut + 10);
      // Not grown (an answer slower than the target on a busy box may only have cut it further).
      expect(await currentLimit()).toBeLessThanOrEqual(cut);
    } finally {
      holdMs = 0;
      redis.disconnect();
    }
    // Announcements on time (or none) after the hold: it grows back until twenty at once pass.
    await waitFor(async () => (await wave(id)).acknowledged === 20, { timeoutMs: 20_000, what: 'twenty updates at once acknowledged after the lag' });
  });
});
