import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { createLogger } from '@shopgraph/telemetry/logger';
import { startPrivateDatabase } from '@shopgraph/testing/private-database';
import type { PrivatePostgres } from '@shopgraph/testing/private-postgres';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createOutboxRelay } from '../src/outbox-relay.js';

// A PostgreSQL server of this file's own: the test stops it.
let postgres: PrivatePostgres;
let prisma: PrismaClient;

beforeAll(async () => {
  const database = await startPrivateDatabase();
  postgres = database.postgres;
  prisma = createPrisma({ databaseUrl: database.databaseUrl });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await postgres?.destroy();
});

it('outlives PostgreSQL going away while it publishes a batch, and publishes that batch once PostgreSQL is back', async () => {
  const published: string[] = [];
  let faulted = false;
  const relay = createOutboxRelay({
    prisma,
    schema: 'shop',
    logger: createLogger('relay', 'silent'),
    pollIntervalMs: 50,
    claimAfterMs: 0,
    maxBackoffMs: 200,
    publisher: {
      async publish(events) {
        // The first batch's connection dies between the claim and the mark, while it is checked out.
        if (!faulted) {
          faulted = true;
          await postgres.stop();
        }
        published.push(...events.map(({ event }) => (event.payload as { shopId: string }).shopId));
      },
    },
  });
  try {
    await prisma.shopOutbox.create({ data: { event: 'shop.updated', payload: { shopId: '1' } } });
    relay.start();
    await waitFor(() => faulted, { what: 'the fault during the publish' });
    await postgres.start();
    await waitFor(async () => (await relay.pending().catch(() => -1)) === 0, { what: 'the batch published once PostgreSQL is back', timeoutMs: 20_000 });
    // At least once: the first publish's mark never committed, so the row went out again.
    expect(published.filter((id) => id === '1').length).toBeGreaterThanOrEqual(1);
    expect(await prisma.shopOutbox.count({ where: { publishedAt: null } })).toBe(0);
  } finally {
    await relay.close();
  }
});
