import { createClient } from 'graphql-sse';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSeeds } from '@shopgraph/redis-client/redis';
import { TEST_REDIS_URL } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { gatewayClient } from '../support/client.js';
import { nexts, openStream, type OpenedStream } from '../support/live-stream.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let api: ReturnType<typeof gatewayClient>;
let streamUrl: string;
const opened: OpenedStream[] = [];

const LIVE = `subscription Live($id: ID!) { shopPublished(id: $id) { id name status sourceVersion menu { name soldOut } } }`;
type LiveShop = { id: string; name: string; status: string; sourceVersion: number; menu: { name: string; soldOut: boolean }[] } | null;

/** Streams for these tests; closed after each use, and all of them at the end. */
async function stream(request: Parameters<typeof openStream>[1], options?: Parameters<typeof openStream>[2]) {
  const s = await openStream(streamUrl, request, options);
  opened.push(s);
  return s;
}

/** The shopPublished views a stream has received. */
const views = (s: OpenedStream) => nexts(s.events).map((n) => n.data?.shopPublished as LiveShop);

async function publishedShop(token: string) {
  const { id } = await api.createShop(token);
  await waitFor(async () => (await api.data(`query($id: ID!) { shop(id: $id) { id } }`, { id })).shop, { what: `shop ${id} published` });
  return id;
}

/** A graphql-sse client that retries quickly (a restart or a blip), as a page would. */
function sseClient(headers: Record<string, string> = {}) {
  return createClient({
    url: streamUrl,
    headers,
    retryAttempts: 20,
    retry: () => new Promise((resolve) => setTimeout(resolve, 200)),
  });
}

beforeAll(async () => {
  stack = await startStack({
    label: 'e2e-live',
    env: {
      // Client addresses from X-Forwarded-For, as behind the load balancer: caps per address are testable.
      GATEWAY_TRUSTED_PROXIES: '1',
      GATEWAY_STREAMS_PER_ADDRESS: '3',
      GATEWAY_STREAMS_PER_WORKER: '12',
      // Streams outlive it: they are not requests.
      REQUEST_TIMEOUT_MS: '3000',
    },
  });
  api = gatewayClient(stack.gatewayUrl);
  streamUrl = `${stack.url('gateway')}/graphql/stream`;
});

afterAll(async () => {
  for (const s of opened) s.close();
  await stack?.close();
});

describe('live shop pages over Server-Sent Events, through the gateway', () => {
  it('sends the current view first, then the new view after a change, with raw fetch (POST and GET)', async () => {
    const { token } = await api.signUp();
    const id = await publishedShop(token);
    const post = await stream({ query: LIVE, variables: { id } });
    const get = await stream({ query: LIVE, variables: { id } }, { method: 'GET' });
    for (const s of [post, get]) {
      expect(s.status).toBe(200);
      expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(s.headers.get('x-accel-buffering')).toBe('no');
      expect(s.headers.get('content-encoding')).not.toMatch(/gzip|br|deflate/);
    }
    await post.waitForEvents(1);
    await get.waitForEvents(1);
    expect(views(post)).toEqual([{ id, name: '교촌치킨 역삼점', status: 'CLOSED', sourceVersion: 1, menu: [] }]);
    expect(views(get)).toEqual(views(post));
    expect(post.comments).toBeGreaterThanOrEqual(1);

    const opensAt = Date.now();
    // Past REQUEST_TIMEOUT_MS (3 s): a stream is no request, and the deadline must not end it.
    await waitFor(() => Date.now() - opensAt > 3500, { what: 'the request deadline to pass', timeoutMs: 5000 });
    await api.data(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { version } }`, { id }, token);
    await post.waitForEvents(2);
    await get.waitForEvents(2);
    expect(views(post)[1]).toMatchObject({ status: 'OPEN', sourceVersion: 2 });
    expect(views(get)).toEqual(views(post));
    post.close();
    get.close();
  });

  it('pushes menu changes in order and none twice, to the graphql-sse client', async () => {
    const { token } = await api.signUp();
    const id = await publishedShop(token);
    const client = sseClient();
    const received: LiveShop[] = [];
    const done = (async () => {
      for await (const result of client.iterate<{ shopPublished: LiveShop }>({ query: LIVE, variables: { id } })) {
        received.push(result.data!.shopPublished);
        if (received.at(-1)?.sourceVersion === 7) break;
      }
    })();
    await waitFor(() => received.length >= 1, { what: 'the first view' });
    const names = ['후라이드', '양념', '간장', '마늘', '파닭'];
    let itemId = '';
    for (const name of names) {
      const { addMenuItem } = await api.data(`mutation($id: ID!, $name: String!) { addMenuItem(shopId: $id, input: { name: $name, price: 18000 }) { menu { id } } }`, { id, name }, token);
      itemId = addMenuItem.menu[0].id;
    }
    await api.data(`mutation($id: ID!) { updateMenuItem(id: $id, input: { soldOut: true }) { version } }`, { id: itemId }, token);
    await done;
    client.dispose();
    const versions = received.map((shop) => shop!.sourceVersion);
    // Every view newer than the one before (views of changes made close together may be merged, never reordered or repeated).
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
    expect(versions[0]).toBe(1);
    expect(received.at(-1)).toMatchObject({ sourceVersion: 7 });
    expect(received.at(-1)!.menu.map((item) => item.name)).toEqual(names);
    expect(received.at(-1)!.menu.filter((item) => item.soldOut)).toHaveLength(1);
  });

  it('sends null once the shop is deleted, then completes the stream', async () => {
    const { token } = await api.signUp();
    const id = await publishedShop(token);
    const s = await stream({ query: LIVE, variables: { id } });
    await s.waitForEvents(1);
    await api.data(`mutation($id: ID!) { deleteShop(id: $id) }`, { id }, token);
    await s.waitForEvents(3);
    expect(s.events.map((e) => e.event)).toEqual(['next', 'next', 'complete']);
    expect(views(s)[1]).toBeNull();
    expect(await s.ended).toBe('ended');
  });

  it('sends null for an unknown shop and keeps the stream open', async () => {
    const s = await stream({ query: LIVE, variables: { id: '987654321' } });
    await s.waitForEvents(1);
    expect(views(s)).toEqual([null]);
    expect(s.events.map((e) => e.event)).toEqual(['next']);
    s.close();
  });

  it('refuses bad subscriptions with a code: before the stream, or in it where the protocol puts errors', async () => {
    const inStream: [string, string, Record<string, unknown>?][] = [
      ['a query', '{ shop(id: "1") { id } }'],
      ['a mutation', 'mutation { deleteShop(id: "1") }'],
      ['a syntax error', 'subscription { shopPublished(id: "1") { id }'],
      ['an unknown field', 'subscription { shopPublished(id: "1") { secret } }'],
      ['too deep', 'subscription { shopPublished(id: "1") { recentReviews { a { b { c { d { e { f { g } } } } } } } } }'],
      ['too many aliases', `subscription { shopPublished(id: "1") { ${Array.from({ length: 20 }, (_, i) => `a${i}: name`).join(' ')} } }`],
      ['over the token limit', `subscription { shopPublished(id: "1") { ${'name '.repeat(4000)} } }`],
      ['a missing variable', 'subscription($id: ID!) { shopPublished(id: $id) { id } }'],
      ['a wrongly typed variable', 'subscription($id: ID!) { shopPublished(id: $id) { id } }', { id: { $gt: '' } }],
      ['two root fields', 'subscription { shopPublished(id: "1") { id } other: shopPublished(id: "2") { id } }'],
      ['a root fragment', 'subscription { ...F } fragment F on Subscription { shopPublished(id: "1") { id } }'],
      ['the NUL character', 'subscription($id: ID!) { shopPublished(id: $id) { id } }', { id: '1\u0000' }],
      ['an internal field', 'subscription { shopSnapshot(id: "1") { name } }'],
    ];
    for (const [what, query, variables] of inStream) {
      const s = await stream({ query, ...(variables ? { variables } : {}) });
      expect(s.status, what).toBe(200);
      await s.waitForEvents(2);
      expect(s.events.map((e) => e.event), what).toEqual(['next', 'complete']);
      const [result] = nexts(s.events);
      expect(result!.data, what).toBeUndefined();
      const codes = result!.errors!.map((e) => e.extensions?.code);
      expect(codes.length, what).toBeGreaterThan(0);
      for (const code of codes) expect(['BAD_REQUEST', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE'], `${what}: ${code}`).toContain(code);
    }

    const beforeStream: [string, RequestInit, number][] = [
      ['no Accept: text/event-stream', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: LIVE }) }, 406],
      ['PUT (single-connection mode)', { method: 'PUT', headers: { accept: 'text/event-stream' } }, 405],
      ['a body that is not JSON', { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json' }, body: '{"query":' }, 400],
      ['no query', { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json' }, body: '{}' }, 400],
      ['text/plain', { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'text/plain' }, body: JSON.stringify({ query: LIVE }) }, 415],
      ['a body over the limit', { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json' }, body: JSON.stringify({ query: LIVE, variables: { pad: 'x'.repeat(200_000) } }) }, 413],
    ];
    for (const [what, init, status] of beforeStream) {
      const response = await fetch(streamUrl, init);
      expect(response.status, what).toBe(status);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code, what).toMatch(/^(BAD_REQUEST|PAYLOAD_TOO_LARGE)$/);
    }

    // The graphql-sse client reports the errors to the page and does not retry them.
    const client = sseClient();
    const results = [];
    for await (const result of client.iterate({ query: 'subscription { shopPublished(id: "1") { secret } }' })) results.push(result);
    client.dispose();
    expect(results).toHaveLength(1);
    expect(results[0]!.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('caps streams per client address (429) and per worker (503), with Retry-After', async () => {
    const at = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    const request = { query: LIVE, variables: { id: '987654321' } };
    const first = await Promise.all([1, 2, 3].map(() => stream(request, at('198.51.100.1'))));
    expect(first.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await stream(request, at('198.51.100.1'));
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(fourth.refusal).toMatchObject({ errors: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }] });
    expect((await stream(request, at('198.51.100.2'))).status).toBe(200);

    // 4 open now; up to 12 per worker (this stack has one).
    const more = await Promise.all(Array.from({ length: 8 }, (_, i) => stream(request, at(`198.51.100.${10 + i}`))));
    expect(more.map((s) => s.status)).toEqual(Array(8).fill(200));
    const full = await stream(request, at('198.51.100.99'));
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(full.refusal).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] });

    // Ordinary requests are not held back by open streams.
    expect((await api.request('{ __typename }')).status).toBe(200);

    for (const s of [...first, ...more]) s.close();
    await waitFor(async () => (await stream(request, at('198.51.100.1'))).status === 200, { what: 'closed streams to free their places' });
  });

  it('re-sends the current view to every stream when its subscriber connection to Redis was dropped', async () => {
    const { token } = await api.signUp();
    const id = await publishedShop(token);
    const a = await stream({ query: LIVE, variables: { id } });
    const b = await stream({ query: `subscription($id: ID!) { shopPublished(id: $id) { name } }`, variables: { id } });
    await a.waitForEvents(1);
    await b.waitForEvents(1);
    // The worker's one subscriber connection, on whichever node it is (a Redis Cluster's seeds too).
    let killed = 0;
    for (const seed of redisSeeds(TEST_REDIS_URL)) {
      const redis = new Redis(seed);
      try {
        const clients = (await redis.client('LIST')) as string;
        for (const line of clients.split('\n')) {
          if (!line.includes(`name=shopgraph-gateway-changes:${stack.prefix} `)) continue;
          await redis.client('KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!);
          killed += 1;
        }
      } finally {
        redis.disconnect();
      }
    }
    expect(killed).toBe(1);
    await a.waitForEvents(2);
    await b.waitForEvents(2);
    expect(views(a)[1]).toEqual(views(a)[0]);
    expect(nexts(b.events)[1]).toEqual(nexts(b.events)[0]);
    // And it follows changes again.
    await api.data(`mutation($id: ID!) { updateShop(id: $id, input: { name: "다시 연결" }) { version } }`, { id }, token);
    await a.waitForEvents(3);
    expect(views(a)[2]).toMatchObject({ name: '다시 연결', sourceVersion: 2 });
    a.close();
    b.close();
  });

  it('brings every client back with the current view after a rolling restart (SIGHUP) with streams open', async () => {
    const { token } = await api.signUp();
    const id = await publishedShop(token);
    const clients = Array.from({ length: 4 }, (_, i) => ({ client: sseClient({ 'x-forwarded-for': `203.0.113.${i + 1}` }), received: [] as LiveShop[], reconnected: false }));
    for (const c of clients) {
      c.client.subscribe<{ shopPublished: LiveShop }>(
        { query: LIVE, variables: { id } },
        { next: (result) => c.received.push(result.data!.shopPublished), error: () => {}, complete: () => {} },
        { connected: (reconnected) => (c.reconnected ||= reconnected) },
      );
    }
    await waitFor(() => clients.every((c) => c.received.length === 1), { what: 'every first view' });
    stack.signal('gateway', 'SIGHUP');
    // While the worker is replaced, the shop changes: each client must end with this view.
    await api.data(`mutation($id: ID!) { setShopStatus(id: $id, status: OPEN) { version } }`, { id }, token);
    await waitFor(() => clients.every((c) => c.reconnected && c.received.at(-1)?.sourceVersion === 2), { what: 'every client reconnected with the current view', timeoutMs: 30_000 });
    for (const c of clients) {
      const versions = c.received.map((shop) => shop!.sourceVersion);
      expect(versions.every((v, i) => i === 0 || v >= versions[i - 1]!)).toBe(true);
    }
    // And they follow changes on the new worker.
    await api.data(`mutation($id: ID!) { setShopStatus(id: $id, status: PAUSED) { version } }`, { id }, token);
    await waitFor(() => clients.every((c) => c.received.at(-1)?.status === 'PAUSED'), { what: 'every client to see the change after the restart' });
    for (const c of clients) c.client.dispose();
  });
});
