/**
 * `npm run bench`: read-path throughput beside two baselines, and write→read lag, against
 * the running stack (`npm start` first). Prints a table and writes bench-results/<time>.json.
 *
 *   npm run bench -- --duration 10 --connections 32 --updates 200 --shops 10000
 *
 * Baselines, started by the bench itself on the same data: a monolithic Apollo Server
 * answering from PostgreSQL with one json_agg query per request, and a bare HTTP server
 * doing one Redis GET (the floor). `--shops N` first adds synthetic shops (5 menu items
 * each) to the command side and projects them, and removes them afterwards.
 *
 * The load generator (autocannon) runs on the same 2 cores as the stack: figures are
 * comparable with each other in one run, not absolute capacity.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { recoveryContext } from './lib/recovery-context.ts';
import { graphql } from './lib/graphql-client.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    updates: { type: 'string', default: '200' },
    shops: { type: 'string', default: '0' },
  },
});
const MONOLITH_URL = 'http://127.0.0.1:4101/graphql';
const FLOOR_URL = 'http://127.0.0.1:4102/';
const SYNTHETIC_FROM = 80_000_001;
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
  // A GraphQL error still answers 200: check that the target really answers before timing it.
  const sample = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() })).json()) as {
    data?: Record<string, unknown>;
    errors?: { message: string }[];
  };
  if (sample.errors?.length || !sample.data) throw new Error(`${name}: ${JSON.stringify(sample.errors ?? sample).slice(0, 300)}`);
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

/** Synthetic shops with full menus, owned by the first owner, projected in bulk. */
async function addSyntheticShops(count: number): Promise<void> {
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO "shop"."shop" (id, owner_id, name, category, phone, address, status, min_order_amount, delivery_tip, opening_hours, notice, version)
       SELECT $1 + g, (SELECT min(id) FROM "owner"."owner"), '벤치 가게 ' || g, 'CHICKEN', '02-123-4567', '서울 강남구 역삼로 ' || g, 'OPEN', 15000, 3000,
              '[{"day":"MON","opens":"11:00","closes":"22:00"},{"day":"TUE","opens":"11:00","closes":"22:00"}]'::jsonb, '공지사항입니다', 1
       FROM generate_series(0, $2::int - 1) g`,
      [SYNTHETIC_FROM, count],
    );
    await db.query(
      `INSERT INTO "shop"."menu_item" (shop_id, name, description, price, popular)
       SELECT $1 + g, '메뉴 ' || m, '맛있는 메뉴 설명 ' || m, 10000 + m * 1000, m = 1
       FROM generate_series(0, $2::int - 1) g, generate_series(1, 8) m`,
      [SYNTHETIC_FROM, count],
    );
  } finally {
    await db.end();
  }
  const ids = Array.from({ length: count }, (_, i) => String(SYNTHETIC_FROM + i));
  await recovery.rebuilder.rebuildIds(ids, (r) => process.stdout.write(`\rbench: projected ${r.checked} synthetic shops`));
  console.log('');
}

async function removeSyntheticShops(): Promise<void> {
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: number }>('SELECT id FROM "shop"."shop" WHERE id >= $1', [SYNTHETIC_FROM]);
    await db.query('DELETE FROM "shop"."menu_item" WHERE shop_id >= $1', [SYNTHETIC_FROM]);
    await db.query('DELETE FROM "shop"."shop" WHERE id >= $1', [SYNTHETIC_FROM]);
    // Unknown to the command side now: the rebuild removes their documents.
    await recovery.rebuilder.rebuildIds(rows.map((row) => String(row.id)));
  } finally {
    await db.end();
  }
}

function startBaseline(script: string, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'ignore', env: { ...process.env, DATABASE_URL } });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 20_000;
    const poll = async () => {
      const up = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }","variables":{}}' }).then(() => true, () => false);
      if (up) resolve(child);
      else if (Date.now() > deadline) reject(new Error(`${script} did not start`));
      else setTimeout(poll, 200);
    };
    void poll();
  });
}

const recovery = recoveryContext();
const synthetic = Number(args.shops);
await removeSyntheticShops();
if (synthetic > 0) await addSyntheticShops(synthetic);
const ids = await liveShopIds();
if (ids.length === 0) throw new Error('No shops: start the stack with `npm start` (it loads demo data) first.');
const twenty = () => Array.from({ length: 20 }, () => pick(ids));
console.log(`bench: ${ids.length} shops, ${connections} connections, ${duration} s per run, on ${os.cpus().length} cores shared with the stack`);

const baselines = [await startBaseline('scripts/baselines/monolith.ts', MONOLITH_URL), await startBaseline('scripts/baselines/redis-floor.ts', FLOOR_URL)];
const reads: LoadResult[] = [];
let lag: Awaited<ReturnType<typeof writeToReadLag>>;
try {
  const one = () => JSON.stringify({ query: SHOP, variables: { id: pick(ids) } });
  const many = () => JSON.stringify({ query: SHOPS, variables: { ids: twenty() } });
  reads.push(await load('shop(id) via gateway', GATEWAY_URL, one));
  reads.push(await load('shop(id) direct to display', DISPLAY_URL, one));
  reads.push(await load('shop(id) monolith (PostgreSQL)', MONOLITH_URL, one));
  reads.push(await load('shop(id) floor (one Redis GET)', FLOOR_URL, one));
  reads.push(await load('shops(20 ids) via gateway', GATEWAY_URL, many));
  reads.push(await load('shops(20 ids) direct to display', DISPLAY_URL, many));
  reads.push(await load('shops(20 ids) monolith (PostgreSQL)', MONOLITH_URL, many));
  lag = await writeToReadLag(Number(args.updates));
} finally {
  for (const child of baselines) child.kill();
  await removeSyntheticShops();
  await recovery.close();
}
const rate = (name: string) => reads.find((r) => r.name === name)!.requestsPerSecond;
const withRatios = reads.map((r) => ({
  ...r,
  vsMonolith: +(r.requestsPerSecond / rate(r.name.startsWith('shops') ? 'shops(20 ids) monolith (PostgreSQL)' : 'shop(id) monolith (PostgreSQL)')).toFixed(2),
  vsFloor: r.name.startsWith('shops') ? null : +(r.requestsPerSecond / rate('shop(id) floor (one Redis GET)')).toFixed(2),
}));

console.table(withRatios);
console.log(`write→read lag over ${lag.updates} sequential updates: p50 ${lag.p50Ms} ms, p99 ${lag.p99Ms} ms, max ${lag.maxMs} ms`);

const report = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, connections, duration, shops: ids.length, reads: withRatios, lag };
mkdirSync('bench-results', { recursive: true });
const file = `bench-results/${report.date.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify(report, null, 2));
console.log(`written ${file}`);
