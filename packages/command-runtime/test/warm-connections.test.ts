import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma, poolOf } from '@shopgraph/db/create-prisma';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { waitFor } from '@shopgraph/testing/wait-for';
import { commandSubgraphEnv, commandSubgraphSettings } from '../src/command-subgraph-config.js';
import { parseEnv } from '@shopgraph/config/env';

let db: TestDatabase;
// The pools are used directly (Prisma's client never connects): ended directly too.
const pools: ReturnType<typeof poolOf>[] = [];
const open = (minConnections: number) => {
  const prisma = createPrisma({ databaseUrl: db.url, minConnections, idleTimeoutMs: 50 });
  const pool = poolOf(prisma);
  pools.push(pool);
  return pool;
};

beforeAll(async () => {
  db = await createTestDatabase('warm');
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await db?.drop();
});

it('keeps its floor of connections open however long they are idle, and closes the rest', async () => {
  const warm = open(2);
  const bare = open(0);
  await waitFor(() => warm.idleCount === 2, { what: 'the floor opened' });
  // Four held at once take the two and open two more. (Four short queries fired together did
  // not always need four: one could finish on a floor connection and serve the fourth, and a
  // connection opened for it and left idle could close in its 50 ms before the count was read.)
  const held = await Promise.all(Array.from({ length: 4 }, () => warm.connect()));
  expect(warm.totalCount).toBe(4);
  held.forEach((client) => client.release());
  await bare.query('SELECT 1');
  // The pool without a floor closes its idle connection one idle timeout after its query,
  // which came after the burst: by then every idle timer of the burst's connections has run.
  await waitFor(() => bare.totalCount === 0, { what: 'the pool without a floor emptied' });
  expect(warm.totalCount).toBe(2);
  expect(warm.idleCount).toBe(2);
  // They are connections PostgreSQL still holds.
  const { rows } = await warm.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`);
  expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
});

it('opens its floor at once, before any query', async () => {
  const pool = open(3);
  await waitFor(() => pool.totalCount === 3 && pool.idleCount === 3, { what: 'three idle connections' });
});

it('survives its idle connections being cut, and connects again when asked', async () => {
  const pool = open(2);
  await waitFor(() => pool.idleCount === 2, { what: 'the floor opened' });
  const admin = open(0);
  // Every other backend of this test's database ended, as a PostgreSQL restart ends them.
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  await waitFor(() => pool.totalCount === 0, { what: 'the cut connections dropped' });
  const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
  expect(rows[0]!.one).toBe(1);
});

it('is configured for every command subgraph by DATABASE_POOL_MIN (4 unless set)', () => {
  expect(commandSubgraphSettings(parseEnv(commandSubgraphEnv, {})).databasePoolMin).toBe(4);
  expect(commandSubgraphSettings(parseEnv(commandSubgraphEnv, { DATABASE_POOL_MIN: '0' })).databasePoolMin).toBe(0);
  expect(() => parseEnv(commandSubgraphEnv, { DATABASE_POOL_MIN: '11' })).toThrow(/DATABASE_POOL_MIN/);
});
