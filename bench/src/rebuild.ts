/**
 * `npm run bench:rebuild`: only the full-rebuild part of `npm run bench` — the time of a
 * read-model rebuild (`resync --all`) with 10k and 100k shops, against the running stack
 * (`npm start` first). The synthetic shops (see synthetic-shops.ts) are removed afterwards,
 * with their documents.
 *
 *   npm run bench:rebuild -- --sizes 10000,100000
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseEnv, parseEnv } from '@shopgraph/config/env';
import { recoveryContext } from '@shopgraph/operator-tools/recovery-context';
import { measureFullRebuilds } from './full-rebuild.ts';
import { removeSyntheticShops } from './synthetic-shops.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' } } });
const db = new pg.Client({ connectionString: parseEnv(databaseEnv).DATABASE_URL });
await db.connect();
const context = recoveryContext();

let results;
try {
  await removeSyntheticShops(db, context.rebuilder);
  // Any owners will do for a rebuild (the demo data's): the documents show their names.
  const owners = await db.query<{ id: number }>('SELECT id FROM "owner"."owner" ORDER BY id LIMIT 5');
  if (owners.rows.length === 0) throw new Error('No owners: start the stack with `npm start` (it loads demo data) first.');
  results = await measureFullRebuilds(db, context.rebuilder, 0, values.sizes.split(',').map(Number), owners.rows.map((row) => String(row.id)));
} finally {
  await removeSyntheticShops(db, context.rebuilder);
  await db.end();
  await context.close();
}
console.log('full rebuild (resync --all) against the running stack, on cores shared with it:');
console.table(results);
