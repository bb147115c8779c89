import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig as loadDisplayConfig, startDisplaySubgraph } from '@shopgraph/display-subgraph';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { liveStreamsFor, loadConfig } from '../src/config.js';
import { createGateway, type RunningGateway } from '../src/create-gateway.js';
import { unreachableSubgraphs } from './unreachable-subgraphs.js';

// The real display subgraph over a read model of this file's own in the test Redis, whose Lua
// writes announce each change as in production; the gateway in this process, so its live
// tallies can be read. What the fan-out does per change is the point here (e2e covers the rest).
const prefix = uniquePrefix('gateway-live');
const secret = `live-internal-${prefix}-0123456789`;
const redis = createRedis(TEST_REDIS_URL, 'read-model');
const store = createReadModelStore({ redis, prefix });
const silent = createLogger('gateway', 'silent');
let display: GraphQLService;
let gateway: RunningGateway;
let streamUrl: string;
const versions = new Map<string, number>();

/** Writes a shop's next version, as the projector would (the write announces it). */
async function writeShop(id: string, overrides: Parameters<typeof aShopDocument>[0] = {}) {
  const version = (versions.get(id) ?? 0) + 1;
  versions.set(id, version);
  await store.write(id, aShopDocument({ id, sourceVersion: version, ...overrides }), { shop: version, owner: 1, reviews: 0, deleted: false });
}

/** A stream read with fetch; collects the shopPublished views. */
async function watch(query: string, id: string) {
  const control = new AbortController();
  const response = await fetch(streamUrl, {
    method: 'POST',
    signal: control.signal,
    headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { id } }),
  });
  expect(response.status).toBe(200);
  const views: { sourceVersion?: number; name?: string; promotions?: { title: string }[] }[] = [];
  const arrivals: number[] = [];
  void (async () => {
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.+)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data && data.startsWith('{"data"')) {
            views.push((JSON.parse(data) as { data: { shopPublished: (typeof views)[number] } }).data.shopPublished);
            arrivals.push(Date.now());
          }
        }
      }
    } catch {
      // Aborted by the test.
    }
  })();
  return { views, arrivals, close: () => control.abort() };
}

const stats = () => gateway.liveUpdates!.stats();

beforeAll(async () => {
  const displayConfig = loadDisplayConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: TEST_REDIS_URL, READ_MODEL_PREFIX: prefix, INTERNAL_TOKEN_SECRET: secret });
  display = await startDisplaySubgraph(displayConfig, createLogger('display', 'silent'));
  await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops: 0 });
  gateway = await createGateway(
    loadConfig({
      ...(await unreachableSubgraphs()),
      DISPLAY_URL: display.graphqlUrl,
      GATEWAY_PORT: '0',
      INTERNAL_TOKEN_SECRET: secret,
      READ_MODEL_REDIS_URL: TEST_REDIS_URL,
      READ_MODEL_PREFIX: prefix,
      GATEWAY_THROTTLES: 'false',
      GATEWAY_STREAM_MAX_BUFFER_KB: '64',
      // Ordinary requests' caps, tiny: open streams must not count against them.
      GATEWAY_MAX_IN_FLIGHT: '2',
      GATEWAY_MAX_EXECUTING: '1',
    }),
    silent,
  ).listen();
  streamUrl = `${gateway.url}/graphql/stream`;
  await waitFor(async () => (await fetch(`${gateway.url}/health`)).ok, { what: 'the gateway' });
});

afterAll(async () => {
  await gateway?.close();
  await display?.close();
  redis.disconnect();
  await deleteKeysWithPrefix(prefix);
});

describe('live streams in one gateway worker', () => {
  it('caps streams per worker to what its heap holds, unless GATEWAY_STREAMS_PER_WORKER says', () => {
    expect(loadConfig({}).liveUpdates?.perWorker).toBe(liveStreamsFor(128));
    expect(liveStreamsFor(128)).toBeLessThan(5000);
    expect(loadConfig({ GATEWAY_WORKER_HEAP_MB: '256' }).liveUpdates?.perWorker).toBeGreaterThanOrEqual(9000);
    expect(loadConfig({ GATEWAY_STREAMS_PER_WORKER: '12' }).liveUpdates?.perWorker).toBe(12);
  });

  it('reads the display subgraph once per change for every stream watching the same shop and selection', async () => {
    await writeShop('11');
    const query = 'subscription($id: ID!) { shopPublished(id: $id) { name sourceVersion } }';
    const streams = await Promise.all(Array.from({ length: 6 }, () => watch(query, '11')));
    await waitFor(() => streams.every((s) => s.views.length === 1), { what: 'every first view' });
    // Apollo's own caps (2 in flight, 1 executing) are not taken by the 6 open streams.
    expect((await fetch(gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).status).toBe(200);
    const before = stats().reads;
    await writeShop('11', { name: '새 이름' });
    await waitFor(() => streams.every((s) => s.views.length === 2), { what: 'every stream to get the change' });
    expect(stats().reads - before).toBe(1);
    for (const s of streams) expect(s.views).toEqual([{ name: '교촌치킨 역삼점', sourceVersion: 1 }, { name: '새 이름', sourceVersion: 2 }]);
    for (const s of streams) s.close();
  });

  it('pushes a promotion at the instant it starts and again when it ends, with no write', async () => {
    const startsAt = Date.now() + 1500;
    const endsAt = startsAt + 1000;
    await writeShop('12', { promotions: [{ id: '1', title: '오픈 기념', description: null, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() }] });
    const s = await watch('subscription($id: ID!) { shopPublished(id: $id) { promotions { title } } }', '12');
    await waitFor(() => s.views.length === 3, { what: 'the promotion to start and end', timeoutMs: 6000 });
    expect(s.views).toEqual([{ promotions: [] }, { promotions: [{ title: '오픈 기념' }] }, { promotions: [] }]);
    expect(s.arrivals[1]).toBeGreaterThanOrEqual(startsAt);
    expect(s.arrivals[1]! - startsAt).toBeLessThan(250);
    expect(s.arrivals[2]).toBeGreaterThanOrEqual(endsAt);
    expect(s.arrivals[2]! - endsAt).toBeLessThan(250);
    s.close();
  });

  it('forgets every stream whose client leaves, however early: no watch or place is left behind', async () => {
    await writeShop('14');
    const body = JSON.stringify({ query: 'subscription($id: ID!) { shopPublished(id: $id) { name } }', variables: { id: '14' } });
    // Clients that hang up at once, while their stream is being set up, and one that stays a moment.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        new Promise<void>((resolve) => {
          const socket = connect(gateway.port, '127.0.0.1', () => {
            socket.write(`POST /graphql/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
            if (i % 3 === 0) socket.destroy();
            else socket.once('data', () => socket.destroy());
          });
          socket.on('error', () => {});
          socket.on('close', () => resolve());
        }),
      ),
    );
    await waitFor(() => stats().open === 0 && stats().watches === 0, { what: `no stream left (have ${JSON.stringify(stats())})` });
  });

  it('drops a client that reads slower than its views are pushed, and goes on serving the others', async () => {
    // A large view (about 60 KB), so the socket's buffers fill within a few dozen changes.
    const menu = Array.from({ length: 200 }, (_, i) => ({ id: String(i + 1), name: `메뉴 ${i}`, description: '설명 '.repeat(40), price: 10_000, soldOut: false, popular: false }));
    await writeShop('13', { menu });
    const query = 'subscription($id: ID!) { shopPublished(id: $id) { name sourceVersion menu { id name description price } } }';
    const reader = await watch(query, '13');
    // A client that sends its request and then reads nothing.
    const body = JSON.stringify({ query, variables: { id: '13' } });
    const slow: Socket = connect(gateway.port, '127.0.0.1');
    let closed = false;
    slow.on('close', () => (closed = true));
    slow.on('error', () => {});
    slow.write(`POST /graphql/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    slow.pause();
    await waitFor(() => reader.views.length === 1, { what: 'the first view' });
    const dropped = stats().slowDropped;
    for (let i = 0; i < 400 && stats().slowDropped === dropped; i += 1) {
      await writeShop('13', { menu, name: `변경 ${i}` });
      await waitFor(() => reader.views.at(-1)?.sourceVersion === versions.get('13'), { what: 'the reading client to keep up' });
    }
    expect(stats().slowDropped).toBe(dropped + 1);
    slow.resume();
    await waitFor(() => closed, { what: 'the slow client’s connection to close' });
    // The one that reads got every change, in order.
    const seen = reader.views.map((v) => v.sourceVersion!);
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(versions.get('13'));
    reader.close();
  });
});
