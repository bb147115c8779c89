import { connect } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_HEADER } from '@shopgraph/service-shell/caller-deadline';
import { waitFor } from '@shopgraph/testing/wait-for';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { dataOf, errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { metricsRegistry } from '@shopgraph/telemetry/metrics';
import { loadConfig } from '../src/config.js';
import { startShopSubgraph } from '../src/start-shop-subgraph.js';

const SECRET = 'shop-test-internal-secret';
const identities = createIdentityCodec(SECRET);
let db: TestDatabase;
let prefix: string;
let subgraph: CommandSubgraph;

const OWNER = '101';
const OTHER_OWNER = '202';
const SHOP_FIELDS = `id name category description phone address status minOrderAmount deliveryTip notice version createdAt updatedAt
  openingHours { day opens closes } menu { id name description price soldOut popular } promotions { id title startsAt endsAt }`;

/** As the gateway calls: signed for the owner, or signed anonymous. */
async function as(ownerId?: string): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await identities.sign(ownerId ? { kind: 'owner', ownerId } : ANONYMOUS, 'shop') };
}
async function call(query: string, variables: Record<string, unknown> = {}, ownerId?: string) {
  return graphqlRequest(subgraph.graphqlUrl, query, variables, await as(ownerId));
}
async function asService(query: string, variables: Record<string, unknown>) {
  return graphqlRequest(subgraph.graphqlUrl, query, variables, {
    [IDENTITY_HEADER]: await identities.sign({ kind: 'service', service: 'projector' }, 'shop'),
  });
}

/** A valid CreateShopInput with overrides (test data builder). */
const aShop = (overrides: Record<string, unknown> = {}) => ({
  name: '교촌치킨 역삼점',
  category: 'CHICKEN',
  phone: '02-123-4567',
  address: '서울 강남구 역삼로 123',
  openingHours: [{ day: 'MON', opens: '17:00', closes: '02:00' }],
  ...overrides,
});

async function createShop(ownerId = OWNER, overrides: Record<string, unknown> = {}) {
  const response = await call(`mutation($input: CreateShopInput!) { createShop(input: $input) { ${SHOP_FIELDS} } }`, { input: aShop(overrides) }, ownerId);
  return dataOf(response).createShop;
}

async function eventsFor(shopId: string) {
  const rows = await subgraph.prisma.shopOutbox.findMany({ orderBy: { id: 'asc' } });
  return rows.filter((row) => (row.payload as { shopId?: string }).shopId === shopId).map((row) => row.event);
}

async function versionOf(shopId: string) {
  return (await subgraph.prisma.shop.findUniqueOrThrow({ where: { id: Number(shopId) } })).version;
}

beforeAll(async () => {
  db = await createTestDatabase('shop');
  prefix = uniquePrefix('shop');
  const config = loadConfig({
    SHOP_PORT: '0',
    DATABASE_URL: db.url,
    QUEUE_REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    INTERNAL_TOKEN_SECRET: SECRET,
  });
  subgraph = await startShopSubgraph(config, createLogger('shop', 'silent'));
});

afterAll(async () => {
  await subgraph?.close();
  await db?.drop();
  await deleteKeysWithPrefix(prefix);
});

describe('createShop', () => {
  it('creates a CLOSED shop at version 1 owned by the signed-in owner, with a shop.created event', async () => {
    const shop = await createShop();
    expect(shop).toMatchObject({ name: '교촌치킨 역삼점', status: 'CLOSED', version: 1, minOrderAmount: 0, deliveryTip: 0, menu: [], promotions: [] });
    expect(shop.openingHours).toEqual([{ day: 'MON', opens: '17:00', closes: '02:00' }]);
    const row = await subgraph.prisma.shop.findUniqueOrThrow({ where: { id: Number(shop.id) } });
    expect(row.ownerId).toBe(Number(OWNER));
    expect(await eventsFor(shop.id)).toEqual(['shop.created']);
    const [event] = await subgraph.prisma.shopOutbox.findMany({ where: { event: 'shop.created' }, orderBy: { id: 'desc' }, take: 1 });
    expect(event?.payload).toEqual({ shopId: shop.id }); // identifiers only, never state
  });

  it('needs a signed-in owner', async () => {
    const response = await call(`mutation($input: CreateShopInput!) { createShop(input: $input) { id } }`, { input: aShop() });
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  it.each([
    [{ name: '' }, 'input.name'],
    [{ name: 'x'.repeat(51) }, 'input.name'],
    [{ phone: 'call me' }, 'input.phone'],
    [{ minOrderAmount: -1 }, 'input.minOrderAmount'],
    [{ deliveryTip: 10_000_001 }, 'input.deliveryTip'],
    [{ openingHours: [{ day: 'MON', opens: '25:00', closes: '02:00' }] }, 'input.openingHours.0.opens'],
    [{ openingHours: [{ day: 'MON', opens: '9:00', closes: '18:00' }] }, 'input.openingHours.0.opens'],
    [{ openingHours: [{ day: 'TUE', opens: '10:00', closes: '20:00' }, { day: 'TUE', opens: '11:00', closes: '21:00' }] }, 'input.openingHours.1.day'],
  ])('rejects %o with BAD_USER_INPUT on %s and stores nothing', async (override, field) => {
    const before = await subgraph.prisma.shop.count();
    const eventsBefore = await subgraph.prisma.shopOutbox.count();
    const response = await call(`mutation($input: CreateShopInput!) { createShop(input: $input) { id } }`, { input: aShop(override) }, OWNER);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(await subgraph.prisma.shop.count()).toBe(before);
    expect(await subgraph.prisma.shopOutbox.count()).toBe(eventsBefore);
  });
});

describe('updateShop and setShopStatus', () => {
  it('changes only the given fields and grows the version by one per change', async () => {
    const shop = await createShop(OWNER, { description: '원조', notice: '공지' });
    const update = `mutation($id: ID!, $input: UpdateShopInput!) { updateShop(id: $id, input: $input) { ${SHOP_FIELDS} } }`;
    const first = dataOf(await call(update, { id: shop.id, input: { name: '교촌치킨 선릉점', description: null } }, OWNER)).updateShop;
    expect(first).toMatchObject({ name: '교촌치킨 선릉점', description: null, notice: '공지', phone: '02-123-4567', version: 2 });
    const second = dataOf(await call(update, { id: shop.id, input: { minOrderAmount: 15000 } }, OWNER)).updateShop;
    expect(second).toMatchObject({ name: '교촌치킨 선릉점', minOrderAmount: 15000, version: 3 });
    // A new name is copied by search: its own event; a minimum order amount is the read model's alone.
    expect(await eventsFor(shop.id)).toEqual(['shop.created', 'shop.listing.changed', 'shop.updated']);
  });

  it('computes no cache policy for its answers: nothing the command side answers is cached', async () => {
    // Apollo Server's cache-control plugin ran a hook on every field of every change (3 % of the
    // process's CPU under 100 changes/s) only to say `no-store`, which no caller of a command
    // subgraph reads: the gateway never caches an owner's answer.
    const shop = await createShop();
    const update = `mutation($id: ID!, $input: UpdateShopInput!) { updateShop(id: $id, input: $input) { ${SHOP_FIELDS} } }`;
    const answer = await call(update, { id: shop.id, input: { notice: '오늘 휴무' } }, OWNER);
    expect(dataOf(answer).updateShop.notice).toBe('오늘 휴무');
    expect(answer.headers.get('cache-control')).toBeNull();
    // A query Apollo Server answers (the first of its text: later ones are compiled code's) as well.
    const read = await asService(`query CachePolicyOfSnapshot($id: ID!) { shopSnapshot(id: $id) { id notice } }`, { id: shop.id });
    expect(dataOf(read).shopSnapshot.notice).toBe('오늘 휴무');
    expect(read.headers.get('cache-control')).toBeNull();
  });

  it('refuses null for a required field', async () => {
    const shop = await createShop();
    const response = await call(`mutation($id: ID!) { updateShop(id: $id, input: { name: null }) { id } }`, { id: shop.id }, OWNER);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe('input.name');
    expect(await versionOf(shop.id)).toBe(1);
  });

  it('gives concurrent changes distinct versions', async () => {
    const shop = await createShop();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(`mutation($id: ID!, $n: Int!) { updateShop(id: $id, input: { deliveryTip: $n }) { version } }`, { id: shop.id, n: i * 100 }, OWNER),
      ),
    );
    expect(await versionOf(shop.id)).toBe(11);
    expect((await eventsFor(shop.id)).filter((e) => e === 'shop.updated')).toHaveLength(10);
  });

  it('answers FORBIDDEN for another owner and NOT_FOUND for unknown ids, changing nothing', async () => {
    const shop = await createShop();
    const forbidden = await call(`mutation($id: ID!) { updateShop(id: $id, input: { name: "탈취" }) { id } }`, { id: shop.id }, OTHER_OWNER);
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
    for (const id of ['999999', 'abc', '-1']) {
      const missing = await call(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id }, OWNER);
      expect(errorCode(missing)).toBe('NOT_FOUND');
    }
    expect(await versionOf(shop.id)).toBe(1);
    expect(await eventsFor(shop.id)).toEqual(['shop.created']);
  });

  it('treats setting the current status as no change', async () => {
    const shop = await createShop();
    const status = `mutation($id: ID!, $s: ShopStatus!) { setShopStatus(id: $id, status: $s) { status version } }`;
    expect(dataOf(await call(status, { id: shop.id, s: 'OPEN' }, OWNER)).setShopStatus).toEqual({ status: 'OPEN', version: 2 });
    expect(dataOf(await call(status, { id: shop.id, s: 'OPEN' }, OWNER)).setShopStatus).toEqual({ status: 'OPEN', version: 2 });
    expect(await eventsFor(shop.id)).toEqual(['shop.created', 'shop.listing.changed']);
  });
});

describe('a change its caller gave up on', () => {
  it('is not committed: its body arrived after the caller’s deadline, so the change is refused SERVICE_UNAVAILABLE and nothing is recorded', async () => {
    const shop = await createShop();
    const body = JSON.stringify({ query: 'mutation($id: ID!) { updateShop(id: $id, input: { notice: "too late" }) { id } }', variables: { id: shop.id } });
    const socket = connect(Number(new URL(subgraph.graphqlUrl).port), '127.0.0.1');
    await once(socket, 'connect');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = once(socket, 'end');
    // The head in time (the door lets it in), the body only once the deadline has passed.
    const deadline = Date.now() + 300;
    const head = `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${IDENTITY_HEADER}: ${(await as(OWNER))[IDENTITY_HEADER]}\r\n${DEADLINE_HEADER}: ${deadline}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`;
    socket.write(head);
    await waitFor(() => Date.now() > deadline, { what: 'the caller’s deadline to pass' });
    socket.write(body);
    await ended;
    const answer = Buffer.concat(chunks).toString('utf8');
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(await versionOf(shop.id)).toBe(1);
    expect(await eventsFor(shop.id)).toEqual(['shop.created']);
  });
});

describe('menu', () => {
  it('adds, updates and removes items, each a new version', async () => {
    const shop = await createShop();
    const added = dataOf(
      await call(
        `mutation($id: ID!) { addMenuItem(shopId: $id, input: { name: "간장치킨", price: 19000, popular: true }) { version menu { id name price soldOut popular } } }`,
        { id: shop.id },
        OWNER,
      ),
    ).addMenuItem;
    expect(added.version).toBe(2);
    expect(added.menu).toEqual([{ id: expect.any(String), name: '간장치킨', price: 19000, soldOut: false, popular: true }]);
    const itemId = added.menu[0].id;
    const updated = dataOf(
      await call(`mutation($id: ID!) { updateMenuItem(id: $id, input: { soldOut: true, price: 20000 }) { version menu { price soldOut } } }`, { id: itemId }, OWNER),
    ).updateMenuItem;
    expect(updated).toEqual({ version: 3, menu: [{ price: 20000, soldOut: true }] });
    const removed = dataOf(await call(`mutation($id: ID!) { removeMenuItem(id: $id) { version menu { id } } }`, { id: itemId }, OWNER)).removeMenuItem;
    expect(removed).toEqual({ version: 4, menu: [] });
    expect(errorCode(await call(`mutation($id: ID!) { removeMenuItem(id: $id) { id } }`, { id: itemId }, OWNER))).toBe('NOT_FOUND');
  });

  it('refuses prices outside 0..10,000,000 and other owners', async () => {
    const shop = await createShop();
    for (const price of [-1, 10_000_001]) {
      const response = await call(`mutation($id: ID!, $p: Int!) { addMenuItem(shopId: $id, input: { name: "x", price: $p }) { id } }`, { id: shop.id, p: price }, OWNER);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.extensions?.field).toBe('input.price');
    }
    const item = dataOf(await call(`mutation($id: ID!) { addMenuItem(shopId: $id, input: { name: "x", price: 0 }) { menu { id } } }`, { id: shop.id }, OWNER))
      .addMenuItem.menu[0].id;
    expect(errorCode(await call(`mutation($id: ID!) { updateMenuItem(id: $id, input: { name: "y" }) { id } }`, { id: item }, OTHER_OWNER))).toBe('FORBIDDEN');
    expect(await versionOf(shop.id)).toBe(2);
  });
});

describe('promotions', () => {
  const ADD = `mutation($id: ID!, $input: PromotionInput!) { addPromotion(shopId: $id, input: $input) { version promotions { id startsAt endsAt } } }`;
  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

  it('refuses a promotion that ends before it starts', async () => {
    const shop = await createShop();
    const response = await call(ADD, { id: shop.id, input: { title: '할인', startsAt: hoursFromNow(2), endsAt: hoursFromNow(1) } }, OWNER);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe('input.endsAt');
  });

  it('ends a running promotion now and cancels a scheduled one, keeping endsAt after startsAt', async () => {
    const shop = await createShop();
    const running = dataOf(await call(ADD, { id: shop.id, input: { title: '지금', startsAt: hoursFromNow(-1), endsAt: hoursFromNow(1) } }, OWNER)).addPromotion.promotions[0];
    const scheduled = dataOf(await call(ADD, { id: shop.id, input: { title: '내일', startsAt: hoursFromNow(24), endsAt: hoursFromNow(48) } }, OWNER))
      .addPromotion.promotions.find((p: { id: string }) => p.id !== running.id);
    const END = `mutation($id: ID!) { endPromotion(id: $id) { version promotions { id startsAt endsAt } } }`;
    const before = Date.now();
    const afterRunning = dataOf(await call(END, { id: running.id }, OWNER)).endPromotion;
    const ended = afterRunning.promotions.find((p: { id: string }) => p.id === running.id);
    expect(Date.parse(ended.endsAt)).toBeGreaterThanOrEqual(before - 5);
    expect(Date.parse(ended.endsAt)).toBeLessThanOrEqual(Date.now());
    const afterScheduled = dataOf(await call(END, { id: scheduled.id }, OWNER)).endPromotion;
    const cancelled = afterScheduled.promotions.find((p: { id: string }) => p.id === scheduled.id);
    expect(Date.parse(cancelled.endsAt)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(cancelled.endsAt)).toBeGreaterThan(Date.parse(cancelled.startsAt));
    // Ending an ended promotion is no change.
    const again = dataOf(await call(END, { id: running.id }, OWNER)).endPromotion;
    expect(again.version).toBe(afterScheduled.version);
  });
});

describe('what other systems hear of a change', () => {
  const listedVersion = async (id: string) => dataOf(await asService(`query($id: ID!) { shopSnapshot(id: $id) { version listedVersion } }`, { id })).shopSnapshot;

  it('records a change to what search and ads copy as shop.listing.changed, anything else as shop.updated, and moves listedVersion with the first only', async () => {
    const shop = await createShop();
    const mutate = async (query: string, variables: Record<string, unknown>) => dataOf(await call(query, variables, OWNER));
    const update = `mutation($id: ID!, $input: UpdateShopInput!) { updateShop(id: $id, input: $input) { version } }`;
    await mutate(update, { id: shop.id, input: { notice: '오늘 휴무', openingHours: [], deliveryTip: 3000 } });
    expect(await listedVersion(shop.id)).toEqual({ version: 2, listedVersion: 1 });
    await mutate(update, { id: shop.id, input: { category: 'PIZZA' } });
    expect(await listedVersion(shop.id)).toEqual({ version: 3, listedVersion: 3 });
    const item = (await mutate(`mutation($id: ID!) { addMenuItem(shopId: $id, input: { name: "불고기피자", price: 18000 }) { menu { id } } }`, { id: shop.id })).addMenuItem.menu[0].id;
    await mutate(`mutation($id: ID!) { updateMenuItem(id: $id, input: { price: 19000, soldOut: true, popular: true }) { id } }`, { id: item });
    await mutate(`mutation($id: ID!) { addPromotion(shopId: $id, input: { title: "할인", startsAt: "2030-01-01T00:00:00Z", endsAt: "2030-01-02T00:00:00Z" }) { id } }`, { id: shop.id });
    expect(await listedVersion(shop.id)).toEqual({ version: 6, listedVersion: 4 });
    await mutate(`mutation($id: ID!) { updateMenuItem(id: $id, input: { name: "고구마피자" }) { id } }`, { id: item });
    await mutate(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }`, { id: shop.id });
    await mutate(`mutation($id: ID!) { removeMenuItem(id: $id) { id } }`, { id: item });
    expect(await listedVersion(shop.id)).toEqual({ version: 9, listedVersion: 9 });
    expect(await eventsFor(shop.id)).toEqual([
      'shop.created',
      'shop.updated',
      'shop.listing.changed',
      'shop.listing.changed',
      'shop.updated',
      'shop.updated',
      'shop.listing.changed',
      'shop.listing.changed',
      'shop.listing.changed',
    ]);
  });
});

describe('deleteShop', () => {
  it('soft-deletes with a final version and a shop.deleted event; the shop is then gone for its owner', async () => {
    const shop = await createShop();
    expect(dataOf(await call(`mutation($id: ID!) { deleteShop(id: $id) }`, { id: shop.id }, OWNER)).deleteShop).toBe(shop.id);
    expect(await eventsFor(shop.id)).toEqual(['shop.created', 'shop.deleted']);
    expect(errorCode(await call(`mutation($id: ID!) { deleteShop(id: $id) }`, { id: shop.id }, OWNER))).toBe('NOT_FOUND');
    const snapshot = dataOf(await asService(`query($id: ID!) { shopSnapshot(id: $id) { deleted version } }`, { id: shop.id })).shopSnapshot;
    expect(snapshot).toEqual({ deleted: true, version: 2 });
    expect(dataOf(await asService(`query($id: ID!) { shopSnapshot(id: $id) { listedVersion } }`, { id: shop.id })).shopSnapshot.listedVersion).toBe(2);
    const owner = dataOf(
      await call(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Owner { shops { id } } } }`, { r: [{ __typename: 'Owner', id: OWNER }] }, OWNER),
    )._entities[0];
    expect(owner.shops.map((s: { id: string }) => s.id)).not.toContain(shop.id);
  });
});

describe('internal and federation APIs', () => {
  it('answers shopSnapshot and shopIdsByOwner to services only', async () => {
    const shop = await createShop('303');
    const snapshot = await asService(`query($id: ID!) { shopSnapshot(id: $id) { id ownerId deleted version name } shopIdsByOwner(ownerId: "303") }`, { id: shop.id });
    expect(dataOf(snapshot)).toEqual({
      shopSnapshot: { id: shop.id, ownerId: '303', deleted: false, version: 1, name: '교촌치킨 역삼점' },
      shopIdsByOwner: [shop.id],
    });
    expect(errorCode(await call(`query($id: ID!) { shopSnapshot(id: $id) { id } }`, { id: shop.id }, '303'))).toBe('FORBIDDEN');
  });

  it('answers shopVersions to services only: live shops\' versions and owners in id order after the cursor, deleted shops left out', async () => {
    const [first, second, third] = [await createShop('707'), await createShop('708'), await createShop('707')];
    await call(`mutation($id: ID!) { updateShop(id: $id, input: { notice: "v2" }) { id } }`, { id: third.id }, '707');
    await call(`mutation($id: ID!) { deleteShop(id: $id) }`, { id: second.id }, '708');
    await call(`mutation($id: ID!) { updateShop(id: $id, input: { name: "새 이름" }) { id } }`, { id: first.id }, '707');
    const page = (after: string, first: number) =>
      asService(`query($after: ID, $first: Int!) { shopVersions(after: $after, first: $first) { id version listedVersion ownerId } }`, { after, first });
    const before = String(Number(first.id) - 1);
    expect(dataOf(await page(before, 2)).shopVersions).toEqual([
      { id: first.id, version: 2, listedVersion: 2, ownerId: '707' },
      { id: third.id, version: 2, listedVersion: 1, ownerId: '707' },
    ]);
    expect(dataOf(await page(third.id, 10)).shopVersions).toEqual([]);
    expect(errorCode(await page(before, 1001))).toBe('BAD_USER_INPUT');
    expect(errorCode(await call(`{ shopVersions(first: 1) { id } }`, {}, '707'))).toBe('FORBIDDEN');
  });

  it('answers shopSnapshots whole and in the order asked: the shop as its owner sees it, less the promotions that have ended, null for unknown ids', async () => {
    const shop = await createShop('505', { description: '원조', notice: '공지', openingHours: [{ day: 'TUE', opens: '11:00', closes: '22:00' }] });
    const mutate = async (query: string) => dataOf(await call(query, { id: shop.id }, '505'));
    for (const name of ['후라이드', '양념', '간장']) await mutate(`mutation($id: ID!) { addMenuItem(shopId: $id, input: { name: "${name}", price: 18000, description: "바삭" }) { id } }`);
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const later = new Date(Date.now() + 7200_000).toISOString();
    const past = new Date(Date.now() - 3600_000).toISOString();
    await mutate(`mutation($id: ID!) { addPromotion(shopId: $id, input: { title: "나중", startsAt: "${later}", endsAt: "2031-01-01T00:00:00Z" }) { id } }`);
    await mutate(`mutation($id: ID!) { addPromotion(shopId: $id, input: { title: "곧", description: "할인", startsAt: "${soon}", endsAt: "2031-01-01T00:00:00Z" }) { id } }`);
    const ended = (await mutate(`mutation($id: ID!) { addPromotion(shopId: $id, input: { title: "지금", startsAt: "${past}", endsAt: "2031-01-01T00:00:00Z" }) { promotions { id title } } }`)).addPromotion.promotions.find((p: { title: string }) => p.title === '지금');
    await call(`mutation($id: ID!) { endPromotion(id: $id) { id } }`, { id: ended.id }, '505');
    const fields = `id name category description phone address status minOrderAmount deliveryTip notice version updatedAt openingHours { day opens closes } menu { id name description price soldOut popular } promotions { id title description startsAt endsAt }`;
    const owned = dataOf(await call(`query($r: [_Any!]!) { _entities(representations: $r) { ... on ManagedShop { ${fields} } } }`, { r: [{ __typename: 'ManagedShop', id: shop.id }] }, '505'))._entities[0];
    const snapshots = dataOf(await asService(`query($ids: [ID!]!) { shopSnapshots(ids: $ids) { ${fields} ownerId deleted listedVersion } }`, { ids: ['999999', shop.id] })).shopSnapshots;
    expect(snapshots[0]).toBeNull();
    expect(snapshots[1]).toEqual({ ...owned, promotions: owned.promotions.filter((p: { id: string }) => p.id !== ended.id), ownerId: '505', deleted: false, listedVersion: 4 });
    expect(snapshots[1].menu.map((item: { name: string }) => item.name)).toEqual(['후라이드', '양념', '간장']);
    expect(snapshots[1].promotions.map((p: { title: string }) => p.title)).toEqual(['곧', '나중']);
  });

  it('answers a repeated snapshot read from compiled code, as Apollo Server answered it; a refusal still the same way', async () => {
    const shop = await createShop('606');
    const read = () => asService(`query Snap($ids: [ID!]!) { shopSnapshots(ids: $ids) { id name version ownerId menu { name } } }`, { ids: [shop.id] });
    const compiled = async () => (await metricsRegistry.getSingleMetric('shopgraph_compiled_operations_total')?.get())?.values.find((value) => value.labels.service === 'shop')?.value ?? 0;
    const first = await read();
    const before = await compiled();
    const again = await read();
    expect(await compiled()).toBe(before + 1);
    expect({ status: again.status, data: again.data }).toEqual({ status: first.status, data: first.data });
    expect(dataOf(again).shopSnapshots).toEqual([{ id: shop.id, name: '교촌치킨 역삼점', version: 1, ownerId: '606', menu: [] }]);
    const asOwner = () => call(`query Snap($ids: [ID!]!) { shopSnapshots(ids: $ids) { id name version ownerId menu { name } } }`, { ids: [shop.id] }, '606');
    expect(errorCode(await asOwner())).toBe('FORBIDDEN');
    expect(errorCode(await asOwner())).toBe('FORBIDDEN');
    expect(await compiled()).toBe(before + 1);
  });

  it('resolves ManagedShop and Owner.shops through _entities for their owner only', async () => {
    const shop = await createShop('404');
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ManagedShop { id name } ... on Owner { id shops { id } } } }`;
    const r = [{ __typename: 'ManagedShop', id: shop.id }, { __typename: 'Owner', id: '404' }, { __typename: 'ManagedShop', id: '999999' }];
    expect(dataOf(await call(query, { r }, '404'))._entities).toEqual([{ id: shop.id, name: '교촌치킨 역삼점' }, { id: '404', shops: [{ id: shop.id }] }, null]);
    // Another owner, or a signed anonymous caller, sees no private view of the shop.
    for (const caller of [OTHER_OWNER, undefined]) {
      expect(dataOf(await call(query, { r }, caller))._entities).toEqual([null, { id: '404', shops: [] }, null]);
    }
    const unsigned = await graphqlRequest(subgraph.graphqlUrl, query, { r });
    expect(unsigned.status).toBe(401);
    expect(errorCode(unsigned)).toBe('UNAUTHENTICATED');
  });
});
