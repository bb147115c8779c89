/**
 * `npm run bench:search`: searchShops latency through the gateway with 10k and 100k
 * shops indexed (against the running stack: `npm start` first).
 *
 * It adds synthetic shops (ids from 50,000,001) straight to the search index and to the
 * read model — search answers ids, the display subgraph fills them in — measures, and
 * removes them again. The load generator shares the 2 cores with the stack.
 *
 *   npm run bench:search -- --duration 10 --connections 8 [--sizes 10000,100000] [--keep] [--gateway-url http://127.0.0.1:4000/graphql]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { databaseEnv, parseEnv } from '@shopgraph/config/env';
import { createRedis, pipelineByNode, type RedisClient } from '@shopgraph/redis-client/redis';
import { createReadModelStore, readModelEnv } from '@shopgraph/read-model';
import { bigrams, searchTextOf } from '@shopgraph/search-subgraph';

const { values: args } = parseArgs({
  options: { keep: { type: 'boolean', default: false }, duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '8' }, sizes: { type: 'string', default: '10000,100000' }, 'gateway-url': { type: 'string', default: 'http://127.0.0.1:4000/graphql' } },
});
const GATEWAY_URL = args['gateway-url'];
// The stack's settings as its services take them (the read model on one node or a cluster).
const settings = parseEnv({ ...databaseEnv, ...readModelEnv });
const FIRST_ID = 50_000_001;

const BRANDS = ['교촌', 'BBQ', '굽네', '네네', '처갓집', '도미노', '피자헛', '홍콩반점', '신전', '엽기', '본죽', '한솥', 'Burger', 'Taco', 'Sushi', 'Pasta', '마라', '포메인', '원할머니', '놀부'];
const KINDS = ['치킨', '피자', '짜장', '떡볶이', '족발', '보쌈', '김밥', '국밥', '카페', 'Kitchen', 'House', '식당', '버거', '초밥', '쌀국수'];
const AREAS = ['강남', '역삼', '선릉', '삼성', '홍대', '신촌', '종로', '명동', '잠실', '판교', '분당', '일산', '수원', '부산', '대구'];
const MENUS = ['후라이드', '양념', '간장', '불고기', '치즈', '콤보', '세트', '라떼', '아메리카노', 'Smash', 'Nachos', '탕수육', '짬뽕', '만두', '순대'];
const CATEGORIES = ['KOREAN', 'CHINESE', 'JAPANESE', 'WESTERN', 'CHICKEN', 'PIZZA', 'BUNSIK', 'JOKBAL_BOSSAM', 'CAFE_DESSERT', 'FAST_FOOD', 'ASIAN'];
const at = <T>(items: T[], n: number) => items[n % items.length]!;

function syntheticShop(n: number) {
  const name = `${at(BRANDS, n)}${at(KINDS, Math.floor(n / 20))} ${at(AREAS, Math.floor(n / 300))}${n}호점`;
  const menu = [at(MENUS, n), at(MENUS, n + 3), at(MENUS, n + 7)];
  return { id: FIRST_ID + n, name, menu, category: at(CATEGORIES, n), status: n % 3 === 0 ? 'CLOSED' : 'OPEN' };
}

function documentFor(shop: ReturnType<typeof syntheticShop>) {
  const now = new Date().toISOString();
  return JSON.stringify({
    id: String(shop.id), name: shop.name, category: shop.category, description: null, phone: '02-123-4567', address: '서울',
    status: shop.status, minOrderAmount: 15000, deliveryTip: 3000, openingHours: [], notice: null, ownerName: '벤치',
    menu: shop.menu.map((name, i) => ({ id: String(i), name, description: null, price: 10000, soldOut: false, popular: false })),
    promotions: [], rating: { average: 4.5, count: 10 }, recentReviews: [], sourceVersion: 1, updatedAt: now, projectedAt: now,
  });
}

async function addShops(db: pg.Client, redis: RedisClient, from: number, to: number) {
  for (let start = from; start < to; start += 1000) {
    const shops = Array.from({ length: Math.min(1000, to - start) }, (_, i) => syntheticShop(start + i));
    // One row at a time in one statement: unnest cannot take an array of arrays (grams).
    const values: unknown[] = [];
    const rows = shops.map((shop, i) => {
      const text = searchTextOf(shop.name, shop.menu);
      values.push(shop.id, shop.name, shop.category, shop.status, shop.menu.join('\n'), text, bigrams(text));
      const p = i * 7;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}::text[], 1)`;
    });
    await db.query(
      `INSERT INTO "search"."shop_index" (shop_id, name, category, status, menu_names, search_text, grams, version) VALUES ${rows.join(',')}`,
      values,
    );
    // One pipeline per node: on a cluster the shops' keys live on every node.
    await pipelineByNode(redis, shops.map((shop) => documentKey(String(shop.id))), (pipeline, index) => pipeline.set(documentKey(String(shops[index]!.id)), documentFor(shops[index]!)));
  }
  // Earlier runs leave dead rows behind; measure a vacuumed table, as autovacuum would leave it.
  await db.query('VACUUM ANALYZE "search"."shop_index"');
}

async function removeShops(db: pg.Client, redis: RedisClient, count: number) {
  await db.query('DELETE FROM "search"."shop_index" WHERE shop_id >= $1', [FIRST_ID]);
  for (let start = 0; start < count; start += 5000) {
    const keys = Array.from({ length: Math.min(5000, count - start) }, (_, i) => documentKey(String(FIRST_ID + start + i)));
    // One UNLINK per key, pipelined per node: a command cannot span a cluster's slots.
    await pipelineByNode(redis, keys, (pipeline, index) => pipeline.unlink(keys[index]!));
  }
}

const QUERY = `query Search($filter: ShopSearchInput) { searchShops(filter: $filter, first: 20) {
  totalCount edges { cursor node { id name category status rating { average count } menu { name } } } pageInfo { hasNextPage endCursor } } }`;

function randomFilter() {
  const r = Math.random();
  if (r < 0.4) return { text: at(KINDS, Math.floor(Math.random() * 1000)) };
  if (r < 0.6) return { text: at(BRANDS, Math.floor(Math.random() * 1000)), openOnly: true };
  if (r < 0.8) return { text: at(MENUS, Math.floor(Math.random() * 1000)), category: at(CATEGORIES, Math.floor(Math.random() * 1000)) };
  return { text: `${at(AREAS, Math.floor(Math.random() * 1000))}${Math.floor(Math.random() * 90000)}` };
}

const db = new pg.Client({ connectionString: settings.DATABASE_URL });
await db.connect();
const redis = createRedis(settings.READ_MODEL_REDIS_URL, 'producer', { commandTimeout: 30_000 });
const { documentKey } = createReadModelStore({ redis, prefix: settings.READ_MODEL_PREFIX });
const sizes = args.sizes.split(',').map(Number);
const results = [];
let loaded = 0;
try {
  await removeShops(db, redis, Math.max(...sizes));
  for (const size of sizes) {
    process.stdout.write(`bench:search: indexing ${size} synthetic shops… `);
    await addShops(db, redis, loaded, size);
    loaded = size;
    console.log('done');
    const result = await autocannon({
      url: GATEWAY_URL,
      connections: Number(args.connections),
      duration: Number(args.duration),
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: QUERY, variables: { filter: randomFilter() } }) }) }],
    });
    results.push({ shops: size, requestsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx });
  }
} finally {
  // --keep leaves the synthetic shops in place for profiling; a later run removes them first.
  if (!args.keep) await removeShops(db, redis, loaded);
  await db.end();
  redis.disconnect();
}
console.log(`searchShops(first: 20) through the gateway, ${args.connections} connections, ${args.duration} s each, ${os.cpus().length} cores shared with the stack:`);
console.table(results);
