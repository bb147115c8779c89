import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { queueDrained } from '@shopgraph/testing/queue-drained';
import { waitFor } from '@shopgraph/testing/wait-for';
import { gatewayClient } from '../support/client.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let api: ReturnType<typeof gatewayClient>;

const PUBLISHED = `query($id: ID!) { shop(id: $id) { id name status ownerName sourceVersion menu { name price } promotions { title }
  rating { average count } recentReviews { text } } }`;

/** Waits until customers see the shop at (at least) the given version. */
async function publishedAt(id: string, version: number) {
  return waitFor(async () => {
    const { shop } = await api.data(PUBLISHED, { id });
    return shop && shop.sourceVersion >= version ? shop : undefined;
  }, { what: `shop ${id} published at version ${version}` });
}

beforeAll(async () => {
  stack = await startStack({ label: 'e2e-core' });
  api = gatewayClient(stack.gatewayUrl);
});

afterAll(async () => {
  await stack?.close();
});

describe('owner dashboard to customer page, through the gateway', () => {
  it('publishes a created shop, and an update converges', async () => {
    const { token } = await api.signUp('김민준');
    const created = await api.createShop(token);
    expect(created.version).toBe(1);
    expect((await publishedAt(created.id, 1)).ownerName).toBe('김민준');

    const { addMenuItem } = await api.data(
      `mutation($id: ID!) { addMenuItem(shopId: $id, input: { name: "간장치킨", price: 19000 }) { version } }`,
      { id: created.id },
      token,
    );
    const { addPromotion } = await api.data(
      `mutation($id: ID!, $s: DateTime!, $e: DateTime!) { addPromotion(shopId: $id, input: { title: "3,000원 할인", startsAt: $s, endsAt: $e }) { version } }`,
      { id: created.id, s: new Date(Date.now() - 60_000).toISOString(), e: new Date(Date.now() + 3600_000).toISOString() },
      token,
    );
    const { setShopStatus } = await api.data(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { version } }`, { id: created.id }, token);
    expect([addMenuItem.version, addPromotion.version, setShopStatus.version]).toEqual([2, 3, 4]);
    const shop = await publishedAt(created.id, 4);
    expect(shop).toMatchObject({ status: 'OPEN', menu: [{ name: '간장치킨', price: 19000 }], promotions: [{ title: '3,000원 할인' }] });

    const { me } = await api.data(`{ me { shops { id version published { sourceVersion } } } }`, {}, token);
    expect(me.shops).toEqual([{ id: created.id, version: 4, published: { sourceVersion: 4 } }]);
  });

  it('takes a review without a token and shows it in the rating', async () => {
    const { token } = await api.signUp();
    const { id } = await api.createShop(token);
    await publishedAt(id, 1);
    const write = () =>
      api.request(`mutation($id: ID!) { writeReview(shopId: $id, input: { rating: 4, text: "맛있어요", author: "손님" }) { id rating } }`, { id });
    // The review system learns of the shop from its event: retry until it has.
    const review = await waitFor(async () => {
      const response = await write();
      return response.data?.writeReview ?? undefined;
    });
    expect(review.rating).toBe(4);
    await waitFor(async () => (await api.data(PUBLISHED, { id })).shop.rating.count === 1);
    expect((await api.data(PUBLISHED, { id })).shop).toMatchObject({ rating: { average: 4, count: 1 }, recentReviews: [{ text: '맛있어요' }] });
  });

  it('hides a deleted shop from customers once the read model catches up', async () => {
    const { token } = await api.signUp();
    const { id } = await api.createShop(token);
    await publishedAt(id, 1);
    expect((await api.data(`mutation($id: ID!) { deleteShop(id: $id) }`, { id }, token)).deleteShop).toBe(id);
    await waitFor(async () => (await api.data(PUBLISHED, { id })).shop === null, { what: 'shop hidden' });
    expect((await api.data(`query($ids: [ID!]!) { shops(ids: $ids) { id } }`, { ids: [id] })).shops).toEqual([null]);
  });

  it('shows an owner rename on their shops', async () => {
    const { token } = await api.signUp('박지훈');
    const { id } = await api.createShop(token);
    await publishedAt(id, 1);
    await api.data(`mutation { updateProfile(name: "박사장") { name } }`, {}, token);
    await waitFor(async () => (await api.data(PUBLISHED, { id })).shop.ownerName === '박사장', { what: 'rename shown' });
  });
});

describe('promotions on time, through the response cache', () => {
  it('shows a promotion from the instant it starts until the instant it ends, though the shop page is cached', async () => {
    const { token } = await api.signUp();
    const { id } = await api.createShop(token);
    const startsAt = Date.now() + 4000;
    const endsAt = startsAt + 4000;
    const { addPromotion } = await api.data(
      `mutation($id: ID!, $s: DateTime!, $e: DateTime!) { addPromotion(shopId: $id, input: { title: "오픈 기념", startsAt: $s, endsAt: $e }) { version } }`,
      { id, s: new Date(startsAt).toISOString(), e: new Date(endsAt).toISOString() },
      token,
    );
    await publishedAt(id, addPromotion.version);
    // No projection left to announce a change (which would rightly keep the next answer out of the cache).
    await waitFor(() => queueDrained('display', stack.prefix), { what: 'the display queue drained' });
    const PAGE = `query Page($id: ID!) { shop(id: $id) { id promotions { title } } }`;
    const read = async () => {
      const response = await api.request(PAGE, { id });
      return { titles: response.data?.shop?.promotions.map((p: { title: string }) => p.title), cache: response.headers.get('x-shopgraph-cache') };
    };
    // Before the start: cached, without the promotion (this must still be before the start to mean anything).
    // A change's announcement can reach the gateway a little after its document is readable (on a
    // Redis Cluster it crosses the cluster bus), evicting the first answer cached: read until a hit.
    expect(await read()).toMatchObject({ titles: [] });
    expect(await waitFor(async () => {
      const answer = await read();
      return answer.cache === 'hit' && answer;
    }, { what: 'the page served from the cache' })).toEqual({ titles: [], cache: 'hit' });
    expect(Date.now()).toBeLessThan(startsAt);

    await waitFor(() => Date.now() >= startsAt, { what: 'the promotion to start', timeoutMs: 10_000 });
    expect((await read()).titles).toEqual(['오픈 기념']);
    expect(await read()).toEqual({ titles: ['오픈 기념'], cache: 'hit' }); // cached again, until the end
    expect(Date.now()).toBeLessThan(endsAt);

    await waitFor(() => Date.now() >= endsAt, { what: 'the promotion to end', timeoutMs: 10_000 });
    expect((await read()).titles).toEqual([]);
  });
});

describe('who may do what', () => {
  it('answers UNAUTHENTICATED without a token, or with a bad one, and FORBIDDEN for another owner', async () => {
    const owner = await api.signUp();
    const other = await api.signUp();
    const { id } = await api.createShop(owner.token);
    const rename = `mutation($id: ID!) { updateShop(id: $id, input: { name: "탈취" }) { name } }`;
    expect(errorCode(await api.request(rename, { id }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.request(rename, { id }, 'not.a.token'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.request(rename, { id }, other.token))).toBe('FORBIDDEN');
    expect((await api.data(`{ me { id } }`, {}, 'not.a.token')).me).toBeNull();
    const { me } = await api.data(`{ me { shops { name version } } }`, {}, owner.token);
    expect(me.shops).toEqual([{ name: '교촌치킨 역삼점', version: 1 }]);
  });

  it('ignores a forged identity header, through the gateway and straight to a subgraph', async () => {
    const victim = await api.signUp();
    const { id } = await api.createShop(victim.token);
    const forged = { 'x-shopgraph-identity': `owner:${victim.ownerId}` };
    const rename = `mutation($id: ID!) { updateShop(id: $id, input: { name: "탈취" }) { name } }`;
    expect(errorCode(await api.request(rename, { id }, undefined, forged))).toBe('UNAUTHENTICATED');
    const direct = await graphqlRequest(`${stack.url('shop')}/graphql`, rename, { id }, forged);
    expect(errorCode(direct)).toBe('UNAUTHENTICATED');
    // A well-formed JWT signed with the wrong key is no better.
    const fake = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvd25lcjoxIiwiaXNzIjoic2hvcGdyYXBoLWludGVybmFsIiwiYXVkIjoic2hvcGdyYXBoLXN1YmdyYXBocyJ9.c2lnbmF0dXJl';
    expect(errorCode(await graphqlRequest(`${stack.url('shop')}/graphql`, rename, { id }, { 'x-shopgraph-identity': fake }))).toBe('UNAUTHENTICATED');
    const { me } = await api.data(`{ me { shops { name } } }`, {}, victim.token);
    expect(me.shops).toEqual([{ name: '교촌치킨 역삼점' }]);
  });

  it('does not expose the internal query APIs through the gateway', async () => {
    for (const query of [`{ shopSnapshot(id: "1") { id } }`, `{ ownerSnapshot(id: "1") { id } }`, `{ reviewSummary(shopId: "1") { count } }`]) {
      expect(errorCode(await api.request(query))).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });
});

describe('bad input', () => {
  it('answers BAD_USER_INPUT with the field, changes nothing and leaks nothing', async () => {
    const { token } = await api.signUp();
    const { id } = await api.createShop(token);
    const cases: [string, Record<string, unknown>, string][] = [
      [`mutation($id: ID!) { addMenuItem(shopId: $id, input: { name: "x", price: -1 }) { id } }`, { id }, 'input.price'],
      [`mutation($id: ID!) { updateShop(id: $id, input: { phone: "not a phone" }) { id } }`, { id }, 'input.phone'],
      [`mutation($id: ID!) { updateShop(id: $id, input: { openingHours: [{ day: MON, opens: "10:00", closes: "20:00" }, { day: MON, opens: "11:00", closes: "21:00" }] }) { id } }`, { id }, 'input.openingHours.1.day'],
      [`mutation($id: ID!) { addPromotion(shopId: $id, input: { title: "x", startsAt: "2030-01-02T00:00:00Z", endsAt: "2030-01-01T00:00:00Z" }) { id } }`, { id }, 'input.endsAt'],
      [`mutation { signUp(input: { email: "a@b.co", password: "short", name: "x" }) { token } }`, {}, 'input.password'],
    ];
    for (const [query, variables, field] of cases) {
      const response = await api.request(query, variables, token);
      expect(errorCode(response), query).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.extensions?.field, query).toBe(field);
      expect(JSON.stringify(response)).not.toMatch(/stacktrace|at \w+ \(|prisma|SELECT |INSERT /i);
      expect(response.errors?.[0]?.extensions?.serviceName, query).toBeUndefined();
    }
    expect(errorCode(await api.request(`query($ids: [ID!]!) { shops(ids: $ids) { id } }`, { ids: Array.from({ length: 101 }, (_, i) => String(i)) }))).toBe(
      'BAD_USER_INPUT',
    );
    const { me } = await api.data(`{ me { shops { version menu { id } promotions { id } } } }`, {}, token);
    expect(me.shops).toEqual([{ version: 1, menu: [], promotions: [] }]);
  });

  it('refuses a duplicate email with CONFLICT', async () => {
    const { email } = await api.signUp();
    const response = await api.request(`mutation($e: String!) { signUp(input: { email: $e, password: "password1", name: "x" }) { token } }`, { e: email });
    expect(errorCode(response)).toBe('CONFLICT');
  });

  it('answers unknown ids with NOT_FOUND', async () => {
    const { token } = await api.signUp();
    expect(errorCode(await api.request(`mutation { setShopStatus(id: "987654", status: OPEN) { id } }`, {}, token))).toBe('NOT_FOUND');
    expect(errorCode(await api.request(`mutation { endPromotion(id: "987654") { id } }`, {}, token))).toBe('NOT_FOUND');
    expect(errorCode(await api.request(`mutation { writeReview(shopId: "987654", input: { rating: 5, text: "x", author: "y" }) { id } }`))).toBe('NOT_FOUND');
  });
});

describe('search', () => {
  it('answers with ids from search and fills every shop from the read model in one _entities fetch', async () => {
    const { token } = await api.signUp('최사장');
    const { id } = await api.createShop(token, { name: '검색용 치킨집', category: 'CHICKEN' });
    await publishedAt(id, 1);
    const query = `query Find($text: String) { searchShops(filter: { text: $text }, first: 5) {
      totalCount edges { cursor node { id name ownerName sourceVersion } } pageInfo { hasNextPage } } }`;
    const found = await waitFor(async () => {
      const { searchShops } = await api.data(query, { text: '검색용' });
      return searchShops.totalCount === 1 ? searchShops : undefined;
    }, { what: 'the shop to be indexed' });
    expect(found.edges[0].node).toEqual({ id, name: '검색용 치킨집', ownerName: '최사장', sourceVersion: 1 });

    const planned = await api.request(query, { text: '검색용' }, undefined, { 'Apollo-Query-Plan-Experimental': '1' });
    const plan = String(planned.extensions?.__queryPlanExperimental ?? '');
    const fetches = [...plan.matchAll(/Fetch\(service: "(\w+)"\)/g)].map((m) => m[1]);
    expect(fetches).toEqual(['search', 'display']);
    expect(plan).toMatch(/Flatten\(path: "searchShops\.edges\.@\.node"\)/);
    // An entity fetch: representations `{ __typename id }` in, Shop fields out (one _entities call).
    expect(plan).toMatch(/Fetch\(service: "display"\) \{\s*\{\s*\.\.\. on Shop \{\s*__typename\s*id\s*\}\s*\} =>/);
  });

  it('refuses first above 50', async () => {
    const response = await api.request(`{ searchShops(first: 51) { totalCount } }`);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });
});
