import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma, poolOf, Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { queryPrepared } from '../src/prepared-query.js';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase('prepared_query');
  // One connection, so that the test sees the session the statements ran in.
  prisma = createPrisma({ databaseUrl: db.url, poolSize: 1 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const read = (ids: number[]) =>
  queryPrepared<{ id: number; doc: { id: number } }>(prisma, Prisma.sql`SELECT id, json_build_object('id', id) AS doc FROM unnest(${ids}::int[]) AS id ORDER BY id`);

it('answers the rows as pg parses them, and plans a statement once per connection', async () => {
  expect(await read([3, 1])).toEqual([
    { id: 1, doc: { id: 1 } },
    { id: 3, doc: { id: 3 } },
  ]);
  for (let i = 0; i < 4; i++) expect(await read([i + 10])).toEqual([{ id: i + 10, doc: { id: i + 10 } }]);
  const { rows } = await poolOf(prisma).query<{ statement: string; runs: number }>(
    `SELECT statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE name LIKE 'stmt\\_%'`,
  );
  expect(rows).toEqual([{ statement: expect.stringContaining('unnest($1::int[])'), runs: 5 }]);
});
