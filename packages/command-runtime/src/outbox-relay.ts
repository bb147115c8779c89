import { poolOf, type PrismaClient } from '@shopgraph/db/create-prisma';
import type { Logger } from '@shopgraph/telemetry/logger';
import { isEventName, type CommandSystem, type DomainEvent } from '@shopgraph/events/events';
import type { OutboxEvent } from './event-publisher.js';
import { outboxMetrics, type OutboxBacklog } from './outbox-metrics.js';

export interface OutboxRelayOptions {
  prisma: PrismaClient;
  /** The PostgreSQL schema whose `outbox` table this relay publishes. */
  schema: CommandSystem;
  publisher: { publish(events: readonly OutboxEvent[]): Promise<void> };
  logger: Logger;
  /**
   * Rows claimed per transaction.
   * @default 200
   */
  batchSize?: number;
  /**
   * Poll interval when idle, in ms. The service also wakes the relay after each
   * commit, so polling is only the safety net for rows written by another process.
   * @default 500
   */
  pollIntervalMs?: number;
  /**
   * Longest wait between attempts while publishing fails (Redis down), in ms.
   * @default 5000
   */
  maxBackoffMs?: number;
  /**
   * How long published rows are kept (for `replay --since`), in ms; unpublished rows are
   * never removed.
   * @default 7 days
   */
  retentionMs?: number;
}

/** A claim whose publish has not settled by then is rolled back (its rows go to the next batch). */
const PUBLISH_TIMEOUT_MS = 15_000;

/** Prune published rows at most this often, and this many per statement. */
const PRUNE_EVERY_MS = 10 * 60_000;
const PRUNE_BATCH = 10_000;

interface OutboxRow {
  /** int8, as pg returns it: a string of digits. */
  id: string;
  event: string;
  payload: Record<string, string>;
  trace_context: string | null;
  created_at: Date;
}

/**
 * A job id that is the same every time this row is published (so a re-publish is a
 * no-op while the job is kept) but differs from any row of an earlier database whose
 * ids restarted: BullMQ silently ignores a job whose id a kept job already has.
 */
const jobIdOf = (schema: string, row: OutboxRow) => `${schema}-${row.id}-${row.created_at.getTime()}`;

/**
 * Publishes outbox rows as BullMQ jobs: claims a batch with FOR UPDATE SKIP LOCKED (so
 * several service instances share the work), publishes it, and marks it published in
 * the same short transaction. A crash between publish and commit re-publishes the
 * batch: consumers are idempotent, so delivery is at least once and nothing is lost.
 */
export function createOutboxRelay(options: OutboxRelayOptions) {
  const { prisma, schema, publisher, logger } = options;
  const batchSize = options.batchSize ?? 200;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600_000;
  const table = `"${schema}"."outbox"`;
  const metrics = outboxMetrics();
  let lastPrune = 0;
  let unwatch: (() => void) | undefined;

  /** Removes published rows older than the retention; returns how many. */
  async function prune(): Promise<number> {
    lastPrune = Date.now();
    let removed = 0;
    for (;;) {
      const count = await prisma.$executeRawUnsafe(
        `DELETE FROM ${table} WHERE id IN (
           SELECT id FROM ${table} WHERE published_at IS NOT NULL AND published_at < now() - $1 * interval '1 millisecond' LIMIT $2)`,
        retentionMs,
        PRUNE_BATCH,
      );
      removed += count;
      if (count < PRUNE_BATCH) return removed;
    }
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  /**
   * Publishes one batch; returns how many rows it published. Two round trips, in plain pg on
   * the client's pool: `BEGIN` with the claim, then the mark with `COMMIT` (Prisma's
   * interactive transaction took four, and its bookkeeping: four of the eight round trips the
   * shop subgraph made per update, with the change's one and the snapshot's three). The transaction holds the claimed
   * rows while they are published, so a failed publish rolls back and they stay unpublished.
   *
   * The mark commits asynchronously (`synchronous_commit` off for this transaction alone): a
   * mark lost in a PostgreSQL crash only publishes its rows again, which every consumer takes
   * (the same job id while BullMQ keeps it; a re-read of current state after). So the relay's
   * commit does not wait for, nor pay, a WAL flush of its own; the changes' commits still do.
   */
  async function publishBatch(): Promise<number> {
    const client = await poolOf(prisma).connect();
    let broken: Error | undefined;
    // A checked-out client whose server goes away between two queries (while the batch is
    // published) emits 'error'; unheard, that event ends the process. Heard, the client is
    // not given back to the pool, and the next query fails as any other.
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      // Multi-statement text goes as a simple query, without parameters: the batch size is ours.
      const [, , claim] = (await client.query(
        `BEGIN; SET LOCAL synchronous_commit TO off; SELECT id, event, payload, trace_context, created_at FROM ${table} WHERE published_at IS NULL ORDER BY id LIMIT ${Math.floor(batchSize)} FOR UPDATE SKIP LOCKED`,
      )) as unknown as [unknown, unknown, { rows: OutboxRow[] }];
      const rows = claim.rows;
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const events: OutboxEvent[] = [];
      for (const row of rows) {
        if (isEventName(row.event)) {
          events.push({
            id: jobIdOf(schema, row),
            event: { name: row.event, payload: row.payload } as DomainEvent,
            recordedAt: row.created_at,
            traceContext: row.trace_context,
          });
        } else {
          logger.error({ outboxId: row.id, event: row.event }, 'unknown event in outbox; marking it published');
        }
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          publisher.publish(events),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`publishing took over ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS))),
        ]);
      } finally {
        clearTimeout(timer);
      }
      // Ids are int8 values PostgreSQL just returned: digits only, safe in the text.
      const ids = rows.map((row) => row.id);
      if (!ids.every((id) => /^\d+$/.test(String(id)))) throw new Error('outbox ids are not integers');
      await client.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY('{${ids.join(',')}}'::bigint[]); COMMIT`);
      metrics.published(schema, events.map((event) => event.recordedAt));
      return rows.length;
    } catch (error) {
      // Rolled back, or the connection is gone (and with it the transaction): then it is not reused.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  /** Unpublished rows and the age of the oldest: what operators watch (see outbox-metrics.ts). */
  async function backlog(): Promise<OutboxBacklog> {
    const [row] = await prisma.$queryRawUnsafe<{ count: bigint; age: number | null }[]>(
      `SELECT count(*) AS count, extract(epoch FROM now() - min(created_at))::float8 AS age FROM ${table} WHERE published_at IS NULL`,
    );
    return { unpublished: Number(row?.count ?? 0), oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
  }

  function pause(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      try {
        const published = await publishBatch();
        if (failures > 0) logger.info({ schema }, 'outbox relay recovered');
        if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
          const removed = await prune();
          if (removed > 0) logger.info({ schema, removed }, 'pruned published outbox rows past retention');
        }
        failures = 0;
        if (published < batchSize) await pause(pollIntervalMs);
      } catch (error) {
        failures += 1;
        metrics.failed(schema);
        const backoff = Math.min(maxBackoffMs, 100 * 2 ** failures);
        logger.warn({ err: error, schema, failures, backoffMs: backoff }, 'outbox relay could not publish; will retry');
        woken = false;
        await pause(backoff);
      }
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      unwatch = metrics.watch({ schema, backlog });
      loop = run();
    },
    /** Publish now rather than at the next poll: called after a commit that wrote an event. */
    wake(): void {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    /** Events not yet published. */
    async pending(): Promise<number> {
      return (await backlog()).unpublished;
    },
    publishBatch,
    prune,
    async close(): Promise<void> {
      running = false;
      unwatch?.();
      wakeUp?.();
      await loop;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
