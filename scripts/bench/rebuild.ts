/**
 * `npm run bench:rebuild`: time of a full read-model rebuild (`resync --all`) with 10k and
 * 100k shops, against the running stack (`npm start` first). Synthetic shops (5 menu items
 * each, owned by the first demo owner) are inserted straight into the shop schema and
 * removed afterwards, with their documents.
 *
 *   npm run bench:rebuild -- --sizes 10000,100000
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { recoveryContext } from '../lib/recovery-context.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' } } });
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/shopgraph';
const FIRST_ID = 70_000_001;

const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
const context = recoveryContext();

async function addShops(from: number, to: number) {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM "owner"."owner" ORDER BY id LIMIT 1');
  if (!rows[0]) throw new Error('No owner: start the stack with `npm start` first.');
  await db.query(
    `INSERT INTO "shop"."shop" (id, owner_id, name, category, phone, address, status, min_order_amount, delivery_tip, opening_hours, version)
     SELECT $1 + g, $3, '합성 가게 ' || g, 'CHICKEN', '02-123-4567', '서울 강남구', 'OPEN', 15000, 3000,
            '[{"day":"MON","opens":"11:00","closes":"22:00"}]'::jsonb, 1
     FROM generate_series($2::int, $4::int - 1) g`,
    [FIRST_ID, from, rows[0].id, to],
  );
  await db.query(
    `INSERT INTO "shop"."menu_item" (shop_id, name, price, popular)
     SELECT $1 + g, '메뉴 ' || m, 10000 + m * 1000, m = 1 FROM generate_series($2::int, $3::int - 1) g, generate_series(1, 5) m`,
    [FIRST_ID, from, to],
  );
}

async function removeShops() {
  await db.query('DELETE FROM "shop"."menu_item" WHERE shop_id >= $1', [FIRST_ID]);
  await db.query('DELETE FROM "shop"."shop" WHERE id >= $1', [FIRST_ID]);
  // Their documents go by the same rebuild that removes documents of unknown shops.
  await context.rebuilder.rebuildAll();
}

const results = [];
let loaded = 0;
try {
  await removeShops();
  for (const size of values.sizes.split(',').map(Number)) {
    await addShops(loaded, size);
    loaded = size;
    const started = performance.now();
    const report = await context.rebuilder.rebuildAll((r) => process.stdout.write(`\rrebuild: ${r.checked} checked`));
    const seconds = (performance.now() - started) / 1000;
    console.log('');
    results.push({ syntheticShops: size, checked: report.checked, written: report.written, seconds: +seconds.toFixed(1), shopsPerSecond: Math.round(report.checked / seconds) });
  }
} finally {
  await removeShops();
  await db.end();
  await context.close();
}
console.log('full rebuild (resync --all), batches of 200, against the running stack on 2 shared cores:');
console.table(results);
