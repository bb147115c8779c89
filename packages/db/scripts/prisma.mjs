#!/usr/bin/env node
// Runs the Prisma CLI the offline-safe way (see prisma.config.ts) and skips
// `migrate deploy` when every committed migration is already applied: the CLI's
// WebAssembly engine holds the process for ~10 s after it finishes, which every
// `npm start` and test run would otherwise pay.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const here = path.dirname(new URL(import.meta.url).pathname);
const pkg = path.join(here, '..');
const migrationsDir = path.join(pkg, '../../prisma/migrations');
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/shopgraph';
const args = process.argv.slice(2);

async function pendingMigrations() {
  const wanted = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    if (error.code === '3D000') return wanted; // database does not exist yet
    throw error;
  }
  try {
    const { rows } = await client.query(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return wanted.filter((name) => !applied.has(name));
  } catch (error) {
    if (error.code === '42P01') return wanted; // no _prisma_migrations table yet
    throw error;
  } finally {
    await client.end();
  }
}

async function ensureDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

if (args[0] === 'migrate' && args[1] === 'deploy') {
  await ensureDatabase();
  const pending = await pendingMigrations();
  if (pending.length === 0) {
    console.log('prisma: all migrations applied');
    process.exit(0);
  }
  console.log(`prisma: applying ${pending.join(', ')}`);
}

const cli = path.join(path.dirname(new URL(import.meta.resolve('prisma/package.json')).pathname), 'build/index.js');
const result = spawnSync(process.execPath, [cli, ...args], {
  cwd: pkg,
  stdio: 'inherit',
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_GENERATE_NO_HINTS: '1',
  },
});
process.exit(result.status ?? 1);
