import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { DEFAULT_DATABASE_URL } from '@shopgraph/db/default-database-url';

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Where tests create their databases: `TEST_DATABASE_ADMIN_URL`, or the `postgres` database of `DATABASE_URL`'s default server. */
export const TEST_DATABASE_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? withDatabase(DEFAULT_DATABASE_URL, 'postgres');
const DB_PACKAGE = path.dirname(createRequire(import.meta.url).resolve('@shopgraph/db/package.json'));
const MIGRATIONS = path.join(DB_PACKAGE, '../../prisma/migrations');

/**
 * The template is named after the migrations it holds, so checkouts with different migrations
 * (two git worktrees, a branch adding a schema) running tests on one server never migrate or
 * copy each other's template.
 */
function templateName(): string {
  const hash = createHash('sha256');
  for (const dir of readdirSync(MIGRATIONS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    hash.update(dir).update(readFileSync(path.join(MIGRATIONS, dir, 'migration.sql')));
  }
  return `shopgraph_test_template_${hash.digest('hex').slice(0, 12)}`;
}
const TEMPLATE = templateName();

/** The migrated template every test database is copied from (the chaos run dumps it into its own server). */
export const TEST_TEMPLATE_DATABASE_URL = urlFor(TEMPLATE);

function urlFor(database: string): string {
  return withDatabase(TEST_DATABASE_ADMIN_URL, database);
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Brings the template database up to the committed migrations (through the same
 * migrate script `npm start` uses). Call once per test run, from a vitest globalSetup.
 */
export function migrateTemplateDatabase(): void {
  const script = path.join(DB_PACKAGE, 'scripts/prisma.mjs');
  execFileSync(process.execPath, [script, 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: urlFor(TEMPLATE) },
    stdio: 'inherit',
  });
}

export interface TestDatabase {
  url: string;
  name: string;
  [Symbol.asyncDispose](): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A fresh database of its own for one test file, copied from the migrated template
 * (a copy takes ~100 ms, far less than migrating); dropped by drop().
 */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `sg_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await withAdmin(async (client) => {
    // CREATE DATABASE … TEMPLATE fails while another session copies the same template.
    await client.query('SELECT pg_advisory_lock(727274)');
    try {
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(727274)');
    }
  });
  const drop = () => withAdmin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
  return { url: urlFor(name), name, drop, [Symbol.asyncDispose]: drop };
}
