import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { createPrisma, Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { queueKeyPrefix, REVIEW_SHOPS } from '@shopgraph/events/consumers';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis, type RedisClient } from '@shopgraph/redis-client/redis';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createCommandOutbox, type CommandOutbox } from '../src/command-outbox.js';
import { createOutboxRelay } from '../src/outbox-relay.js';
import { RECORDED_EVENTS, recordEvents, runRecordedChange, type RecordedEvent } from '../src/recorded-change.js';

// The relay's fast path: a change's own rows, published as its statement returned them.
let db: TestDatabase;
let redis: PrivateRedis;
let prisma: PrismaClient;
const connections: RedisClient[] = [];
const logger = createLogger('relay', 'silent');
let prefixes = 0;

beforeAll(async () => {
  db = await createTestDatabase('relay_committed');
  redis = await startPrivateRedis();
  prisma = createPrisma({ databaseUrl: db.url });
});

afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await prisma?.$disconnect();
  await redis?.stop();
  await db?.drop();
});

/** Each relay its own fail-fast queue connection, as each service has. */
function producer(): RedisClient {
  const connection = createRedis(redis.url, 'producer');
  connection.on('error', () => {}); // a test stops this Redis on purpose
  connections.push(connection);
  return connection;
}

/** A relay whose poll cannot be what publishes a fresh row: it polls once an hour, and only rows an hour old. */
function fastOnlyOutbox(prefix: string): CommandOutbox {
  return createCommandOutbox({ prisma, schema: 'shop', connection: producer(), prefix, logger, pollIntervalMs: 3_600_000, claimAfterMs: 3_600_000 });
}

/** A change recording `shop.created` for each of these shop ids, in one statement, as the subgraphs' resolvers do. */
function createShops(eventsCommitted: (events: readonly RecordedEvent[]) => void, shopIds: number[]) {
  return runRecordedChange<{ created: number }>(
    { prisma, eventsCommitted },
    Prisma.sql`
      WITH created AS (SELECT unnest(${shopIds}::int[]) AS id), recorded AS (
        ${recordEvents('shop', 'shop.created', Prisma.sql`jsonb_build_object('shopId', id::text)`, Prisma.sql`created`)}
      )
      SELECT count(*)::int AS created, ${RECORDED_EVENTS} FROM created`,
  );
}

async function jobs(prefix: string) {
  const queue = new Queue(REVIEW_SHOPS.queue, { prefix: queueKeyPrefix(prefix, REVIEW_SHOPS.queue), connection: { url: redis.url } });
  try {
    return await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
  } finally {
    await queue.close();
  }
}

/** Outbox rows of these shops not marked published. */
async function unpublished(shopIds: string[]): Promise<number> {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM "shop"."outbox" WHERE published_at IS NULL AND payload->>'shopId' = ANY(${shopIds})`;
  return row!.count;
}

describe("the relay's fast path", () => {
  it("publishes a change's events as its statement returned them, without the poll, and marks them", async () => {
    const prefix = `committed${++prefixes}`;
    const outbox = fastOnlyOutbox(prefix);
    outbox.start();
    try {
      const rows = await createShops(outbox.relay.publishCommitted, [11, 12, 13]);
      // The answer is the statement's own columns: the recorded rows went to the relay.
      expect(rows).toEqual([{ created: 3 }]);
      const published = await waitFor(async () => ((await jobs(prefix)).length === 3 ? jobs(prefix) : false), { what: 'the three jobs' });
      expect(published.map((job) => job.data.shopId).sort()).toEqual(['11', '12', '13']);
      await waitFor(async () => (await unpublished(['11', '12', '13'])) === 0, { what: 'the rows marked published' });
      // Each job is as old as its change, with the id the poll would give it.
      const outboxRows = await prisma.$queryRaw<{ id: bigint; createdAt: Date }[]>`SELECT id, created_at AS "createdAt" FROM "shop"."outbox" WHERE payload->>'shopId' IN ('11', '12', '13')`;
      const jobIds = outboxRows.map((row) => `shop-${row.id}-${row.createdAt.getTime()}`).sort();
      expect(published.map((job) => job.id).sort()).toEqual(jobIds);
      expect(published.map((job) => job.timestamp).sort()).toEqual(outboxRows.map((row) => row.createdAt.getTime()).sort());
    } finally {
      await outbox.close();
    }
  });

  it('gives a row the same job as the poll does, so a row published both ways makes one job', async () => {
    const prefix = `committed${++prefixes}`;
    const outbox = fastOnlyOutbox(prefix);
    outbox.start();
    try {
      await createShops(outbox.relay.publishCommitted, [21]);
      await waitFor(async () => (await unpublished(['21'])) === 0, { what: 'the row marked published' });
      // As if the mark had been lost in a crash: the poll of a relay that claims at once finds the row again.
      await prisma.$executeRaw`UPDATE "shop"."outbox" SET published_at = NULL WHERE payload = '{"shopId": "21"}'::jsonb`;
      const poll = createCommandOutbox({ prisma, schema: 'shop', connection: producer(), prefix, logger, claimAfterMs: 0 });
      expect(await poll.relay.publishBatch()).toBe(1);
      await poll.close();
      expect((await jobs(prefix)).map((job) => job.data.shopId)).toEqual(['21']);
    } finally {
      await outbox.close();
    }
  });

  it("leaves a change's events to the poll while the queue is down, and they arrive once it is back", async () => {
    const prefix = `committed${++prefixes}`;
    const outbox = createCommandOutbox({ prisma, schema: 'shop', connection: producer(), prefix, logger, pollIntervalMs: 50, claimAfterMs: 0 });
    outbox.start();
    try {
      await redis.stop();
      await createShops(outbox.relay.publishCommitted, [31, 32]);
      await waitFor(async () => (await outbox.status()).queue === 'down');
      expect(await unpublished(['31', '32'])).toBe(2);
      await redis.start();
      await waitFor(async () => (await unpublished(['31', '32'])) === 0, { what: 'published after Redis returned', timeoutMs: 15_000 });
      expect((await jobs(prefix)).map((job) => job.data.shopId).sort()).toEqual(['31', '32']);
    } finally {
      await outbox.close();
    }
  });

  it('leaves rows younger than claimAfterMs to the process that committed them', async () => {
    const relay = createOutboxRelay({ prisma, schema: 'shop', logger, claimAfterMs: 60_000, publisher: { publish: async () => {} } });
    await prisma.shopOutbox.create({ data: { event: 'shop.updated', payload: { shopId: '41' } } });
    expect(await relay.publishBatch()).toBe(0);
    await prisma.$executeRaw`UPDATE "shop"."outbox" SET created_at = now() - interval '2 minutes' WHERE payload = '{"shopId": "41"}'::jsonb`;
    expect(await relay.publishBatch()).toBe(1);
    expect(await unpublished(['41'])).toBe(0);
  });

  it('never claims a row of its own that it is still publishing', async () => {
    const published: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const relay = createOutboxRelay({
      prisma,
      schema: 'shop',
      logger,
      pollIntervalMs: 3_600_000,
      claimAfterMs: 0,
      publisher: {
        async publish(events) {
          // The change's own publish waits here until the poll below has run.
          if (events.some(({ event }) => (event.payload as { shopId: string }).shopId === '51')) await gate;
          published.push(...events.map(({ event }) => (event.payload as { shopId: string }).shopId));
        },
      },
    });
    relay.start();
    try {
      await waitFor(async () => (await relay.publishBatch()) === 0, { what: 'older rows out of the way' });
      await createShops(relay.publishCommitted, [51]);
      expect(await relay.publishBatch()).toBe(0);
      release();
      await waitFor(async () => (await unpublished(['51'])) === 0, { what: 'the row marked published' });
      expect(published.filter((id) => id === '51')).toEqual(['51']);
    } finally {
      release();
      await relay.close();
    }
  });
});

it("counts a change's events as published once they are, before their mark lands", async () => {
  const published: string[] = [];
  const relay = createOutboxRelay({
    prisma,
    schema: 'shop',
    logger,
    pollIntervalMs: 3_600_000,
    claimAfterMs: 3_600_000,
    markEveryMs: 3_600_000,
    publisher: { publish: async (events) => void published.push(...events.map(({ event }) => (event.payload as { shopId: string }).shopId)) },
  });
  relay.start();
  try {
    const before = await relay.pending();
    await createShops(relay.publishCommitted, [61]);
    await waitFor(() => published.includes('61'), { what: 'the publish' });
    // Not marked yet (the next mark is an hour away), but delivered: not in the backlog.
    expect(await unpublished(['61'])).toBe(1);
    expect(await relay.pending()).toBe(before);
  } finally {
    await relay.close();
  }
  // Closing marks what was published.
  expect(await unpublished(['61'])).toBe(0);
});

it('closes at once when it is closed during its first poll, whatever its poll interval', async () => {
  const relay = createOutboxRelay({ prisma, schema: 'shop', logger, pollIntervalMs: 3_600_000, publisher: { publish: async () => {} } });
  // Closed before the poll it starts has ended: the poll must not go on to wait out its interval.
  relay.start();
  const closed = relay.close().then(() => 'closed');
  const outcome = await Promise.race([closed, new Promise<string>((resolve) => setTimeout(() => resolve('still closing after 5 s'), 5_000).unref())]);
  expect(outcome).toBe('closed');
});
