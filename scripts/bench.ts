/**
 * `npm run bench`: read-path throughput and write→read lag against the running stack
 * (`npm start` first). Prints a table and writes bench-results/<timestamp>.json.
 *
 *   npm run bench -- --duration 10 --connections 32 --updates 200
 *
 * The load generator (autocannon) runs on the same 2 cores as the stack: figures are
 * comparable with each other in one run, not absolute capacity.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { graphql } from './lib/graphql-client.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    updates: { type: 'string', default: '200' },
  },
});
const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
const DISPLAY_URL = process.env.DISPLAY_URL ?? 'http://127.0.0.1:4004/graphql';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/shopgraph';
const duration = Number(args.duration);
const connections = Number(args.connections);

const SHOP_FIELDS = `id name category description phone address status minOrderAmount deliveryTip
  openingHours { day opens closes } notice ownerName menu { id name description price soldOut popular }
  promotions { id title description startsAt endsAt } rating { average count }
  recentReviews { id shopId rating text author createdAt } sourceVersion updatedAt projectedAt`;
const SHOP = `query Shop($id: ID!) { shop(id: $id) { ${SHOP_FIELDS} } }`;
const SHOPS = `query Shops($ids: [ID!]!) { shops(ids: $ids) { ${SHOP_FIELDS} } }`;

async function liveShopIds(): Promise<string[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number }>('SELECT id FROM "shop"."shop" WHERE deleted_at IS NULL ORDER BY id');
    return rows.map((row) => String(row.id));
  } finally {
    await client.end();
  }
}

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;

interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, url: string, body: () => string): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: body() }) }],
  });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Time from a mutation's response until customers see the change through shop(id). */
async function writeToReadLag(count: number) {
  const { logIn } = await graphql<{ logIn: { token: string } }>(
    GATEWAY_URL,
    'mutation { logIn(email: "kim@shopgraph.dev", password: "demo-password") { token } }',
  );
  const { me } = await graphql<{ me: { shops: { id: string }[] } }>(GATEWAY_URL, '{ me { shops { id } } }', {}, logIn.token);
  const lags: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const shopId = me.shops[i % me.shops.length]!.id;
    const { updateShop } = await graphql<{ updateShop: { version: number } }>(
      GATEWAY_URL,
      'mutation Bench($id: ID!, $notice: String) { updateShop(id: $id, input: { notice: $notice }) { version } }',
      { id: shopId, notice: `bench ${Date.now()} ${i}` },
      logIn.token,
    );
    const acknowledged = performance.now();
    for (;;) {
      const { shop } = await graphql<{ shop: { sourceVersion: number } | null }>(GATEWAY_URL, 'query Lag($id: ID!) { shop(id: $id) { sourceVersion } }', { id: shopId });
      if (shop && shop.sourceVersion >= updateShop.version) break;
      if (performance.now() - acknowledged > 30_000) throw new Error(`shop ${shopId} v${updateShop.version} not visible after 30 s`);
    }
    lags.push(performance.now() - acknowledged);
  }
  lags.sort((a, b) => a - b);
  return { updates: count, p50Ms: +percentile(lags, 50).toFixed(1), p99Ms: +percentile(lags, 99).toFixed(1), maxMs: +lags.at(-1)!.toFixed(1) };
}

const ids = await liveShopIds();
if (ids.length === 0) throw new Error('No shops: start the stack with `npm start` (it loads demo data) first.');
const twenty = () => Array.from({ length: 20 }, () => pick(ids));
console.log(`bench: ${ids.length} shops, ${connections} connections, ${duration} s per run, on ${os.cpus().length} cores shared with the stack`);

const reads: LoadResult[] = [];
reads.push(await load('shop(id) via gateway', GATEWAY_URL, () => JSON.stringify({ query: SHOP, variables: { id: pick(ids) } })));
reads.push(await load('shop(id) direct to display', DISPLAY_URL, () => JSON.stringify({ query: SHOP, variables: { id: pick(ids) } })));
reads.push(await load('shops(20 ids) via gateway', GATEWAY_URL, () => JSON.stringify({ query: SHOPS, variables: { ids: twenty() } })));
reads.push(await load('shops(20 ids) direct to display', DISPLAY_URL, () => JSON.stringify({ query: SHOPS, variables: { ids: twenty() } })));
const lag = await writeToReadLag(Number(args.updates));

console.table(reads);
console.log(`write→read lag over ${lag.updates} sequential updates: p50 ${lag.p50Ms} ms, p99 ${lag.p99Ms} ms, max ${lag.maxMs} ms`);

const report = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, connections, duration, shops: ids.length, reads, lag };
mkdirSync('bench-results', { recursive: true });
const file = `bench-results/${report.date.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify(report, null, 2));
console.log(`written ${file}`);
