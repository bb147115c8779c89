import { poolOf, type PrismaClient } from '@shopgraph/db/create-prisma';
import type { Logger } from '@shopgraph/telemetry/logger';
import { isEventName, type CommandSystem, type DomainEvent } from '@shopgraph/events/events';
import type { OutboxEvent } from './event-publisher.js';
import type { RecordedEvent } from './recorded-change.js';
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
   * Poll interval when idle, in ms. The service hands the relay each change's rows after
   * its commit (`publishCommitted`), so polling is only the safety net: rows whose process
   * stopped or whose publish failed, rows written by another process.
   * @default 500
   */
  pollIntervalMs?: number;
  /**
   * The poll claims only rows at least this old, in ms: younger ones are still in the hands
   * of the process that committed them (another instance of the service), which publishes
   * and marks them well within this. This process's own rows in hand are left out whatever
   * their age. A row claimed while another process still holds it is published twice, which
   * consumers take (see below): this only keeps that rare.
   * @default 1000
   */
  claimAfterMs?: number;
  /**
   * Rows published at once are marked published together, at most this often, in ms: one
   * statement for every change of the interval rather than a transaction per change.
   * @default 100
   */
  markEveryMs?: number;
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
 * Outbox ids as a `bigint[]` literal for SQL text (the relay's multi-statement queries take no
 * parameters): they are int8 values PostgreSQL returned, checked to be digits only.
 */
function idArray(ids: Iterable<string>): string {
  const list = [...ids];
  if (!list.every((id) => /^\d+$/.test(String(id)))) throw new Error('outbox ids are not integers');
  return `'{${list.join(',')}}'::bigint[]`;
}

/**
 * A job id that is the same every time this row is published (so a re-publish is a
 * no-op while the job is kept) but differs from any row of an earlier database whose
 * ids restarted: BullMQ silently ignores a job whose id a kept job already has.
 */
const jobIdOf = (schema: string, row: OutboxRow) => `${schema}-${row.id}-${row.created_at.getTime()}`;

/**
 * Publishes outbox rows as BullMQ jobs, two ways. A change's own rows, handed over after its
 * commit, are published at once and marked in batches (`publishCommitted`): per change, no
 * PostgreSQL round trip of the relay's own. Any other row, one whose process stopped or whose
 * publish failed, is found by the poll: it claims a batch with FOR UPDATE SKIP LOCKED (so
 * several service instances share the work), publishes it, and marks it published in the
 * same short transaction. A crash between publish and mark re-publishes the rows: consumers
 * are idempotent, so delivery is at least once and nothing is lost.
 */
export function createOutboxRelay(options: OutboxRelayOptions) {
  const { prisma, schema, publisher, logger } = options;
  const batchSize = options.batchSize ?? 200;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600_000;
  const claimAfterMs = Math.floor(options.claimAfterMs ?? 1000);
  const markEveryMs = options.markEveryMs ?? 100;
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
  /** The poll's last attempt failed (the queue is down): changes' rows are left to its retries. */
  let failing = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  /** Ids this process is publishing or has published and not yet marked: the poll leaves them. */
  const inHand = new Set<string>();
  /** Published at once, waiting for the next mark. */
  let toMark: string[] = [];
  /** Published at once and not yet marked (waiting or being marked): delivered, so not in the backlog. */
  const publishedUnmarked = new Set<string>();
  let markTimer: NodeJS.Timeout | undefined;
  let marking: Promise<void> | undefined;
  const publishing = new Set<Promise<void>>();

  /** The jobs for these rows; a row of an unknown event is logged and left out (and marked all the same). */
  function eventsOf(rows: readonly OutboxRow[]): OutboxEvent[] {
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
    return events;
  }

  async function publishWithin(events: readonly OutboxEvent[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        publisher.publish(events),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`publishing took over ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `UPDATE … SET published_at` for these ids. */
  function markStatement(ids: readonly string[]): string {
    return `UPDATE ${table} SET published_at = now() WHERE id = ANY(${idArray(ids)}) AND published_at IS NULL`;
  }

  /**
   * Marks what was published at once, in one statement and round trip, committed
   * asynchronously (as the poll's mark, below). A mark that fails leaves its rows to the poll,
   * which publishes them again: duplicates every consumer takes, nothing lost.
   */
  async function markPublished(): Promise<void> {
    const ids = toMark;
    toMark = [];
    try {
      // One simple query is one implicit transaction, so SET LOCAL holds for the UPDATE alone.
      await poolOf(prisma).query(`SET LOCAL synchronous_commit TO off; ${markStatement(ids)}`);
    } catch (error) {
      logger.warn({ err: error, schema, rows: ids.length }, 'could not mark published outbox rows; the relay will publish them again');
    } finally {
      for (const id of ids) {
        inHand.delete(id);
        publishedUnmarked.delete(id);
      }
    }
  }

  function scheduleMark(): void {
    if (markTimer || marking) return;
    markTimer = setTimeout(() => {
      markTimer = undefined;
      marking = markPublished().finally(() => {
        marking = undefined;
        if (toMark.length > 0) scheduleMark();
      });
    }, markEveryMs);
  }

  /**
   * Publishes a change's rows as its own statement returned them (`RECORDED_EVENTS`), right
   * after its commit: no claim transaction, no reading the rows back, and the mark shared with
   * the other changes of the next `markEveryMs`. Returns at once; the poll publishes the rows
   * if this fails or the process stops first. While the poll is failing (the queue is down) it
   * leaves the rows to the poll's back-off rather than trying the queue for every change.
   */
  function publishCommitted(recorded: readonly RecordedEvent[]): void {
    if (!running || failing || recorded.length === 0) return;
    const rows = recorded.map((row) => ({ ...row, created_at: new Date(row.created_at) }));
    const ids = rows.map((row) => row.id);
    for (const id of ids) inHand.add(id);
    const events = eventsOf(rows);
    const done: Promise<void> = publishWithin(events)
      .then(
        () => {
          metrics.published(schema, events.map((event) => event.recordedAt));
          for (const id of ids) publishedUnmarked.add(id);
          toMark.push(...ids);
          scheduleMark();
        },
        (error: unknown) => {
          for (const id of ids) inHand.delete(id);
          metrics.failed(schema);
          logger.warn({ err: error, schema }, "could not publish a change's events at once; the relay will retry");
        },
      )
      .finally(() => publishing.delete(done));
    publishing.add(done);
  }

  /**
   * The poll: publishes one batch of the rows no process has in hand (see `publishCommitted`
   * for changes' own rows); returns how many it published. Two round trips, in plain pg on
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
      // Multi-statement text goes as a simple query, without parameters: the batch size, the
      // age and the ids in hand (checked digits) are ours.
      const notInHand = inHand.size > 0 ? `AND id <> ALL(${idArray(inHand)})` : '';
      const [, , claim] = (await client.query(
        `BEGIN; SET LOCAL synchronous_commit TO off; SELECT id, event, payload, trace_context, created_at FROM ${table}
         WHERE published_at IS NULL AND created_at <= now() - interval '${claimAfterMs} milliseconds' ${notInHand}
         ORDER BY id LIMIT ${Math.floor(batchSize)} FOR UPDATE SKIP LOCKED`,
      )) as unknown as [unknown, unknown, { rows: OutboxRow[] }];
      const rows = claim.rows;
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const events = eventsOf(rows);
      await publishWithin(events);
      await client.query(`${markStatement(rows.map((row) => row.id))}; COMMIT`);
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

  /**
   * Unpublished rows and the age of the oldest: what operators watch (see outbox-metrics.ts).
   * Rows this process published at once count as published before their mark lands.
   */
  async function backlog(): Promise<OutboxBacklog> {
    const notDelivered = publishedUnmarked.size > 0 ? `AND id <> ALL(${idArray(publishedUnmarked)})` : '';
    const [row] = await prisma.$queryRawUnsafe<{ count: bigint; age: number | null }[]>(
      `SELECT count(*) AS count, extract(epoch FROM now() - min(created_at))::float8 AS age FROM ${table} WHERE published_at IS NULL ${notDelivered}`,
    );
    return { unpublished: Number(row?.count ?? 0), oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
  }

  function pause(ms: number): Promise<void> {
    // Closed while a poll was under way (close() found no pause to cut short): stop now, not
    // after a poll interval (an hour in the tests that poll only by hand).
    if (!running) return Promise.resolve();
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
        failing = false;
        if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
          const removed = await prune();
          if (removed > 0) logger.info({ schema, removed }, 'pruned published outbox rows past retention');
        }
        failures = 0;
        if (published < batchSize) await pause(pollIntervalMs);
      } catch (error) {
        failures += 1;
        failing = true;
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
    publishCommitted,
    /** Poll now rather than at the next interval. */
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
      // What was published at once is marked before the pool closes (else only published again).
      await Promise.all(publishing);
      clearTimeout(markTimer);
      markTimer = undefined;
      await marking;
      if (toMark.length > 0) await markPublished();
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
