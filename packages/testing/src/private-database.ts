import { execSync } from 'node:child_process';
import { startPrivatePostgres } from './private-postgres.js';
import { migrateTemplateDatabase, TEST_TEMPLATE_DATABASE_URL } from './test-database.js';

/**
 * A PostgreSQL server of the caller's own on a spare port, holding the migrated schema in a
 * database `shopgraph`: for runs that stop the database (the chaos run, the ads serving tests, the outbox relay's restart test)
 * without touching the machine's shared server.
 */
export async function startPrivateDatabase() {
  migrateTemplateDatabase();
  const postgres = await startPrivatePostgres();
  execSync(`psql -q "${postgres.urlFor('postgres')}" -c 'CREATE DATABASE shopgraph'`);
  // The migrated schema, copied from the test template: faster than migrating again.
  execSync(`pg_dump --no-owner "${TEST_TEMPLATE_DATABASE_URL}" | psql -q "${postgres.urlFor('shopgraph')}"`, { stdio: ['ignore', 'ignore', 'inherit'] });
  return { postgres, databaseUrl: postgres.urlFor('shopgraph') };
}
