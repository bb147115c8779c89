import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { gatewayClient } from '../support/client.js';
import { startStack, type Stack } from '../support/stack.js';

let redis: PrivateRedis;
let stack: Stack;
let api: ReturnType<typeof gatewayClient>;
const SHOP = `query($id: ID!) { shop(id: $id) { id name sourceVersion } }`;

beforeAll(async () => {
  // A Redis of this file's own: the tests below stop it.
  redis = await startPrivateRedis();
  stack = await startStack({
    label: 'e2e-resilience',
    redisUrl: redis.url,
    // Short bounds, so the hung-subgraph test below waits seconds rather than the defaults' 10 and 30.
    env: { GATEWAY_SUBGRAPH_TIMEOUT_MS: '1500', REQUEST_TIMEOUT_MS: '4000', GATEWAY_MAX_EXECUTING: '8' },
  });
  api = gatewayClient(stack.gatewayUrl);
});

afterAll(async () => {
  await stack?.close();
  await redis?.stop();
});

describe('faults behind the read model', () => {
  it('keeps answering customer reads while the shop subgraph is stopped', async () => {
    const { token } = await api.signUp();
    const { id } = await api.createShop(token, { name: '떡볶이 천국' });
    await waitFor(async () => (await api.data(SHOP, { id })).shop ?? undefined, { what: 'published' });
    await stack.stop('shop', 'SIGKILL');
    try {
      expect((await api.data(SHOP, { id })).shop).toMatchObject({ id, name: '떡볶이 천국' });
      expect((await api.data(`query($ids: [ID!]!) { shops(ids: $ids) { name } }`, { ids: [id, '999999'] })).shops).toEqual([{ name: '떡볶이 천국' }, null]);
      // The owner's dashboard needs the shop subgraph: it fails with a code, not a hang.
      const dashboard = await api.request(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id }, token);
      expect(dashboard.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(dashboard)).not.toMatch(/ECONNREFUSED|stacktrace/);
    } finally {
      await stack.start('shop');
    }
    const { setShopStatus } = await api.data(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { version } }`, { id }, token);
    expect(setShopStatus.version).toBe(2);
  });

  it('answers within its bounds when a subgraph hangs: every outbound call has a timeout', async () => {
    const { token } = await api.signUp();
    const { id } = await api.createShop(token, { name: '멈춘 가게' });
    await waitFor(async () => (await api.data(SHOP, { id })).shop ?? undefined, { what: 'published' });
    stack.signal('shop', 'SIGSTOP'); // accepts connections, answers nothing
    try {
      const started = Date.now();
      const dashboard = await api.request(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id }, token);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(dashboard.status).toBeLessThan(500);
      expect(dashboard.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(dashboard)).not.toMatch(/127\.0\.0\.1|abort|stacktrace/i);
      // Customer reads do not need the shop subgraph.
      expect((await api.data(SHOP, { id })).shop).toMatchObject({ name: '멈춘 가게' });
    } finally {
      stack.signal('shop', 'SIGCONT');
    }
  });

  it('holds a bounded number of requests while a subgraph hangs: the rest are refused at once, cached reads go on', async () => {
    const { token } = await api.signUp();
    const { id } = await api.createShop(token, { name: '붐비는 가게' });
    await waitFor(async () => (await api.data(SHOP, { id })).shop ?? undefined, { what: 'published' });
    await api.data(SHOP, { id }); // now cached
    stack.signal('shop', 'SIGSTOP');
    try {
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 30 }, async () => {
          const response = await fetch(stack.gatewayUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: `mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, variables: { id } }),
          });
          const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
          return { status: response.status, code: body.errors?.[0]?.extensions?.code, retryAfter: response.headers.get('retry-after'), ms: Date.now() - started };
        }),
      );
      // The worker executes 8 at once (GATEWAY_MAX_EXECUTING here); the others are refused without waiting.
      const refused = answers.filter((a) => a.status === 503);
      expect(refused.length).toBeGreaterThanOrEqual(22);
      for (const answer of refused) {
        expect(answer).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: '1' });
        expect(answer.ms).toBeLessThan(1000);
      }
      // The held ones end at the subgraph timeout, retryably, and none waits longer.
      for (const answer of answers.filter((a) => a.status !== 503)) expect(answer).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: '1' });
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(4000);
      // Cache hits are no work: served throughout.
      const hit = await api.request(SHOP, { id });
      expect(hit.headers.get('x-shopgraph-cache')).toBe('hit');
    } finally {
      stack.signal('shop', 'SIGCONT');
    }
  });

  it('accepts a mutation while Redis is down and delivers its event once Redis is back', async () => {
    const { token } = await api.signUp();
    const { id } = await api.createShop(token, { name: '옛 이름' });
    await waitFor(async () => (await api.data(SHOP, { id })).shop ?? undefined, { what: 'published' });
    await redis.stop();
    const { updateShop } = await api.data(`mutation($id: ID!) { updateShop(id: $id, input: { name: "새 이름" }) { name version } }`, { id }, token);
    expect(updateShop).toEqual({ name: '새 이름', version: 2 });
    await redis.start(); // back, and empty: queue and read model lost
    const shop = await waitFor(async () => {
      const current = (await api.request(SHOP, { id })).data?.shop;
      return current?.sourceVersion === 2 ? current : undefined;
    }, { what: 'the update to arrive after Redis returned', timeoutMs: 30_000 });
    expect(shop.name).toBe('새 이름');
  });
});
