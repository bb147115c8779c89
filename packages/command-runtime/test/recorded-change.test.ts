import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma, poolOf, Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { RECORDED_EVENTS, recordEvents, runRecordedChange, type RecordedEvent } from '../src/recorded-change.js';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase('recorded_change');
  // One connection, so that the test sees the session the changes ran in.
  prisma = createPrisma({ databaseUrl: db.url, poolSize: 1 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

function createShop(shopId: number, eventsCommitted: (events: readonly RecordedEvent[]) => void) {
  return runRecordedChange<{ created: { id: number; note: string } }>(
    { prisma, eventsCommitted },
    Prisma.sql`
      WITH created AS (SELECT ${shopId}::int AS id, ${'a note'}::text AS note), recorded AS (
        ${recordEvents('shop', 'shop.created', Prisma.sql`jsonb_build_object('shopId', id::text)`, Prisma.sql`created`)}
      )
      SELECT row_to_json(created) AS created, ${RECORDED_EVENTS} FROM created`,
  );
}

it("answers the statement's rows and hands its recorded events over, once each", async () => {
  const handed: RecordedEvent[][] = [];
  const rows = await createShop(7, (events) => handed.push([...events]));
  expect(rows).toEqual([{ created: { id: 7, note: 'a note' } }]);
  expect(handed).toHaveLength(1);
  expect(handed[0]).toEqual([
    { id: expect.stringMatching(/^\d+$/), event: 'shop.created', payload: { shopId: '7' }, trace_context: null, created_at: expect.any(String) },
  ]);
  const [stored] = await prisma.shopOutbox.findMany({ where: { id: BigInt(handed[0]![0]!.id) } });
  expect(new Date(handed[0]![0]!.created_at).getTime()).toBe(stored!.createdAt.getTime());
});

it('plans a change once per connection, not at every change', async () => {
  for (let i = 0; i < 10; i++) await createShop(100 + i, () => {});
  // Protocol-level prepared statements of this session (the pool's one connection).
  const { rows } = await poolOf(prisma).query<{ name: string; runs: number }>(
    `SELECT name, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE name LIKE 'stmt\\_%'`,
  );
  expect(rows).toEqual([{ name: expect.stringMatching(/^stmt_[0-9a-f]{24}$/), runs: 11 }]);
});
