import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthTokens } from '@shopgraph/identity/auth-token';
import { metricsRegistry } from '@shopgraph/telemetry/metrics';
import { dataOf, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { deleteKeysWithPrefix, uniquePrefix } from '@shopgraph/testing/test-redis';
import type { RunningGateway } from '../src/create-gateway.js';
import { startShopBehindProxy, type ShopBehindProxy } from './shop-behind-proxy.js';
import { startTestGateway } from './test-gateway.js';

// Owners' mutations sent straight to the shop subgraph once planned, against the federated
// executor's answers: the real shop subgraph on its own database, behind a proxy that counts
// the calls it gets (and can refuse one at capacity, as a busy subgraph does).
const SECRET = 'direct-writes-internal-secret';
const JWT = 'direct-writes-jwt-secret-0123456789';
const OWNER = '301';
const OTHER = '302';
const tokens = createAuthTokens(JWT);
const prefix = uniquePrefix('direct-writes');
let behind: ShopBehindProxy;
let calls = 0;
let refuseNext = false;
/** The deadline header of the last call the proxy got. */
let lastDeadline: string | undefined;
let direct: RunningGateway;
let federated: RunningGateway;

/** The fields an update answers with that do not move with each update (the version and time do). */
const UPDATE = `mutation Notice($id: ID!, $notice: String) {
  updateShop(id: $id, input: { notice: $notice }) { id name notice category status openingHours { day opens closes } menu { name price soldOut } }
}`;
const CREATE = `mutation Create($input: CreateShopInput!) { createShop(input: $input) { id } }`;

const as = async (ownerId: string) => ({ authorization: `Bearer ${await tokens.issue(ownerId)}` });
const call = async (gateway: RunningGateway, query: string, variables: Record<string, unknown>, ownerId = OWNER) =>
  fetch(gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(await as(ownerId)) }, body: JSON.stringify({ query, variables }) });
const answered = async () => {
  const values = (await metricsRegistry.getSingleMetric('shopgraph_gateway_direct_writes_total')?.get())?.values ?? [];
  const of = (outcome: string) => values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  return { answered: of('answered'), handedOver: of('handed_over') };
};
/** What a client sees of an answer, less what differs on every answer (its date and request id). */
const seen = async (response: Response) => ({
  status: response.status,
  body: await response.text(),
  headers: Object.fromEntries([...response.headers].filter(([name]) => !['date', 'x-request-id', 'etag', 'connection', 'keep-alive'].includes(name))),
});

async function aShop(ownerId = OWNER): Promise<string> {
  const input = { name: '직행 분식', category: 'KOREAN', phone: '02-555-0101', address: '서울 마포구 1', openingHours: [{ day: 'TUE', opens: '10:00', closes: '21:00' }] };
  return dataOf(await graphqlRequest<{ createShop: { id: string } }>(federated.graphqlUrl, CREATE, { input }, await as(ownerId))).createShop.id;
}

/** A learned mutation: run once, through a gateway, as an owner (the plan it learns from). */
async function learn(shopId: string) {
  expect((await call(direct, UPDATE, { id: shopId, notice: 'learning' })).status).toBe(200);
}

beforeAll(async () => {
  behind = await startShopBehindProxy({
    database: 'gateway-writes',
    queuePrefix: prefix,
    internalTokenSecret: SECRET,
    onCall: (incoming, outgoing, pass) => {
      calls += 1;
      lastDeadline = incoming.headers['x-shopgraph-deadline'] as string | undefined;
      if (!refuseNext) return pass();
      refuseNext = false;
      incoming.resume();
      outgoing.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
      outgoing.end(JSON.stringify({ errors: [{ message: 'The service is at capacity; try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }));
    },
  });
  const env = {
    ...behind.gatewayEnv,
    JWT_SECRET: JWT,
    // Its answers are about each path's answer, not the gateway's shedding on a busy machine.
    GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0',
  };
  direct = await startTestGateway(env);
  federated = await startTestGateway({ ...env, GATEWAY_DIRECT_WRITES: 'false' });
});

afterAll(async () => {
  await direct?.close();
  await federated?.close();
  await behind?.close();
  await deleteKeysWithPrefix(prefix);
});

beforeEach(() => {
  calls = 0;
  refuseNext = false;
});

describe('an owner’s learned mutation', () => {
  it('is answered by its subgraph directly, as the federated executor answers it: same status, headers and bytes', async () => {
    const shopId = await aShop();
    await learn(shopId);
    const before = await answered();
    calls = 0;
    const fast = await seen(await call(direct, UPDATE, { id: shopId, notice: '오늘 휴무' }));
    expect(await answered()).toEqual({ ...before, answered: before.answered + 1 });
    expect(calls).toBe(1);
    // Sent with when the gateway gives up on it (GATEWAY_SUBGRAPH_TIMEOUT_MS, 10 s by default), as the executor's calls are.
    expect(Number(lastDeadline) - Date.now()).toBeGreaterThan(5_000);
    expect(Number(lastDeadline) - Date.now()).toBeLessThanOrEqual(10_000);
    const slow = await seen(await call(federated, UPDATE, { id: shopId, notice: '오늘 휴무' }));
    expect(fast).toEqual(slow);
    expect(JSON.parse(fast.body).data.updateShop).toMatchObject({ id: shopId, notice: '오늘 휴무' });
    // And the change is made, once per request.
    expect((await behind.shop.prisma.shop.findUniqueOrThrow({ where: { id: Number(shopId) } })).version).toBe(4);
  });

  it('hands an answer with errors to the federated executor without calling again: the client gets its answer', async () => {
    const othersShop = await aShop(OTHER);
    await learn(await aShop());
    const before = await answered();
    calls = 0;
    const fast = await seen(await call(direct, UPDATE, { id: othersShop, notice: 'not mine' }));
    expect(calls).toBe(1);
    expect(await answered()).toEqual({ ...before, handedOver: before.handedOver + 1 });
    const slow = await seen(await call(federated, UPDATE, { id: othersShop, notice: 'not mine' }));
    expect(fast).toEqual(slow);
    expect(JSON.parse(fast.body).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('hands a refusal at capacity over the same way: a 503 with the subgraph’s Retry-After, the call made once', async () => {
    const shopId = await aShop();
    await learn(shopId);
    calls = 0;
    refuseNext = true;
    const fast = await seen(await call(direct, UPDATE, { id: shopId, notice: 'busy' }));
    expect(calls).toBe(1);
    refuseNext = true;
    const slow = await seen(await call(federated, UPDATE, { id: shopId, notice: 'busy' }));
    expect(fast).toEqual(slow);
    expect(fast.status).toBe(503);
    expect(fast.headers['retry-after']).toBe('2');
    expect((await behind.shop.prisma.shop.findUniqueOrThrow({ where: { id: Number(shopId) } })).notice).toBe('learning');
  });

  it('is refused by the gateway, never sent, when its variables are not what the schema takes or carry a NUL', async () => {
    const shopId = await aShop();
    await learn(shopId);
    calls = 0;
    for (const notice of [42, 'nul\u0000here']) {
      const fast = await seen(await call(direct, UPDATE, { id: shopId, notice }));
      expect(calls).toBe(0);
      expect(fast).toEqual(await seen(await call(federated, UPDATE, { id: shopId, notice })));
      expect(fast.status).toBe(400);
    }
  });

  it('is not sent for a caller whose token does not verify', async () => {
    const shopId = await aShop();
    await learn(shopId);
    const before = await answered();
    const forged = `Bearer ${await createAuthTokens('another-jwt-secret-0123456789').issue(OWNER)}`;
    const send = (gateway: RunningGateway) =>
      fetch(gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: forged }, body: JSON.stringify({ query: UPDATE, variables: { id: shopId, notice: 'forged' } }) });
    const fast = await seen(await send(direct));
    expect(await answered()).toEqual(before);
    expect(fast).toEqual(await seen(await send(federated)));
    expect(JSON.parse(fast.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
