/**
 * `npm run bench:scale`: what more projectors buy, what an update costs Redis, and how long
 * the read model takes to heal itself — against the running stack (`npm start` first, with
 * its one projector; the bench starts the second and third itself and stops them after).
 *
 *   npm run bench:scale -- [--events 10000] [--heal 10000,100000 | none]
 *
 * - Projector throughput with 1, 2 and 3 projector processes on the same display queue:
 *   `--events` shops change at once and their `shop.listing.changed` events are queued (as in
 *   `npm run bench`'s W4); time until the display queue is drained.
 * - Redis commands per update: `INFO commandstats` of the queue and read-model Redis over
 *   those runs, divided by the events (queue, projection and search indexing together).
 * - Self-healing: the whole read model (documents, versions, generation marker) is deleted
 *   and nothing else is done; time until the projectors' keeper has every shop back, at each
 *   `--heal` size.
 *
 * Everything shares the machine's cores with the stack: more projectors on 2 cores compete
 * with the subgraphs they read from. Synthetic shops are removed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseEnv, parseEnv } from '@shopgraph/config/env';
import { queueEnv } from '@shopgraph/events/queue-settings';
import { readModelEnv } from '@shopgraph/read-model';
import { createRedis, masterNodes, scanKeys } from '@shopgraph/redis-client/redis';
import { recoveryContext } from '@shopgraph/operator-tools/recovery-context';
import { measureProjectorThroughput } from './projector-throughput.ts';
import { addSyntheticShops, removeSyntheticShops, SYNTHETIC_FROM } from './synthetic-shops.ts';
import { REPO_ROOT, RESULTS_DIR } from './repo-root.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '10000' }, heal: { type: 'string', default: '10000,100000' } } });
const events = Number(values.events);
const healSizes = values.heal === 'none' ? [] : values.heal.split(',').map(Number);
// The stack's settings as its services take them.
const { DATABASE_URL, QUEUE_REDIS_URL, QUEUE_PREFIX, READ_MODEL_REDIS_URL, READ_MODEL_PREFIX } = parseEnv({ ...databaseEnv, ...queueEnv, ...readModelEnv });

const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
const recovery = recoveryContext();
const redis = createRedis(READ_MODEL_REDIS_URL, 'producer', { commandTimeout: 30_000 });
const extra: ChildProcess[] = [];

/** Calls of every command Redis has run so far (those scripts make included), summed over its masters. */
async function commandsRun(): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const node of masterNodes(redis)) {
    const info = await node.info('commandstats');
    for (const [, name, count] of info.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) calls.set(name!, (calls.get(name!) ?? 0) + Number(count));
  }
  return calls;
}

/** Commands per update between two counts: the total and the eight most called. */
function perUpdate(before: Map<string, number>, after: Map<string, number>, updates: number) {
  const deltas = [...after].map(([name, count]) => [name, (count - (before.get(name) ?? 0)) / updates] as const).filter(([, n]) => n > 0);
  deltas.sort((a, b) => b[1] - a[1]);
  return {
    total: +deltas.reduce((sum, [, n]) => sum + n, 0).toFixed(1),
    top: Object.fromEntries(deltas.slice(0, 8).map(([name, n]) => [name, +n.toFixed(1)])),
  };
}

async function startProjector(port: number): Promise<void> {
  const child = spawn(process.execPath, ['projector/dist/main.js'], { cwd: REPO_ROOT, env: { ...process.env, PROJECTOR_PORT: String(port), LOG_LEVEL: 'warn' }, stdio: 'inherit' });
  extra.push(child);
  const deadline = Date.now() + 30_000;
  while (!(await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`projector on ${port} not ready`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function wipeReadModel(): Promise<void> {
  for (const pattern of [`${READ_MODEL_PREFIX}:shop*`, `${READ_MODEL_PREFIX}:read-model:*`]) {
    for await (const keys of scanKeys(redis, pattern)) await Promise.all(keys.map((key) => redis.unlink(key)));
  }
}

/** Seconds from the wipe until every one of `ids` has a document again (checked in slices of 1,000). */
async function healSeconds(ids: readonly string[]): Promise<number> {
  await wipeReadModel();
  const started = performance.now();
  let from = 0;
  while (from < ids.length) {
    const missing = await recovery.store.missing(ids.slice(from, from + 1000));
    if (missing.length === 0) from += 1000;
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return +((performance.now() - started) / 1000).toFixed(1);
}

const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  settings: { events, heal: healSizes },
};
try {
  if (!(await fetch('http://127.0.0.1:4005/ready').then((r) => r.ok, () => false))) throw new Error('Start the stack first: `npm start` (one projector on :4005).');
  await removeSyntheticShops(db, recovery.rebuilder);
  const owners = await db.query<{ id: number }>('SELECT id FROM "owner"."owner" ORDER BY id LIMIT 5');
  const ownerIds = owners.rows.map((row) => String(row.id));
  let loaded = events;
  await addSyntheticShops(db, 0, loaded, ownerIds);
  const ids = Array.from({ length: loaded }, (_, i) => String(SYNTHETIC_FROM + i));
  await recovery.rebuilder.rebuildIds(ids);

  const projectors = [];
  for (const count of [1, 2, 3]) {
    if (count > 1) await startProjector(4103 + count);
    const before = await commandsRun();
    const result = await measureProjectorThroughput({ db, store: recovery.store, queueRedisUrl: QUEUE_REDIS_URL, queuePrefix: QUEUE_PREFIX, shopIds: ids.slice(0, events) });
    const commands = perUpdate(before, await commandsRun(), result.events);
    projectors.push({ projectors: count, events: result.events, seconds: result.seconds, eventsPerSecond: result.eventsPerSecond, searchEventsPerSecond: result.search.eventsPerSecond, redisCommandsPerUpdate: commands.total, behind: result.sampledDocumentsBehind });
    console.log(`bench: ${count} projector(s): ${result.eventsPerSecond} events/s, ${commands.total} Redis commands per update: ${JSON.stringify(commands.top)}`);
  }
  report.projectors = projectors;

  const healing = [];
  for (const size of healSizes) {
    if (size > loaded) {
      await addSyntheticShops(db, loaded, size, ownerIds);
      loaded = size;
    }
    const all = Array.from({ length: size }, (_, i) => String(SYNTHETIC_FROM + i));
    const seconds = await healSeconds(all);
    healing.push({ shops: size, projectors: 3, secondsUntilEveryShopServed: seconds });
    console.log(`bench: read model of ${size.toLocaleString('en')} synthetic shops wiped; every one back after ${seconds} s`);
  }
  report.selfHealing = healing;
} finally {
  for (const child of extra) child.kill('SIGTERM');
  await removeSyntheticShops(db, recovery.rebuilder);
  await db.end();
  await recovery.close();
  redis.disconnect();
}
console.table(report.projectors);
console.table(report.selfHealing);
mkdirSync(RESULTS_DIR, { recursive: true });
const file = `${RESULTS_DIR}scale-out-${String(report.date).replace(/[:.]/g, '-')}.json`;
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`bench: written to ${file}`);
