import { Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import type { CommandSystem, EventName } from '@shopgraph/events/events';
import { callerGone, isPastDeadline } from '@shopgraph/service-shell/caller-deadline';
import { currentTraceContext } from '@shopgraph/telemetry/trace-context';
import { queryPrepared } from './prepared-query.js';

/**
 * The SQL that records one event per row of `from` in the schema's outbox: a CTE body
 * (`recorded AS (…)`) for the statement that makes the change, so the change and its event
 * commit together, in one statement and one round trip. `payload` builds the event's id-only
 * payload from the row (e.g. `jsonb_build_object('shopId', id::text)`). The request's trace
 * context goes in a column beside the event (null with tracing off), never in its payload.
 */
export function recordEvents(schema: CommandSystem, event: EventName, payload: Prisma.Sql, from: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`INSERT INTO ${Prisma.raw(`"${schema}"."outbox"`)} (event, payload, trace_context) SELECT ${event}, ${payload}, ${currentTraceContext()} FROM ${from}
    RETURNING id::text AS id, event, payload, trace_context, created_at`;
}

/**
 * The column that hands a change's outbox rows back with its answer: put it in the final
 * SELECT of a statement whose events CTE is named `recorded`. With the rows in hand after the
 * commit, the relay publishes them at once, without reading them back (see
 * `OutboxRelay.publishCommitted`). A statement without it still has its events published, by
 * the relay's poll, a little later.
 */
export const RECORDED_EVENTS = Prisma.sql`(SELECT coalesce(json_agg(recorded), '[]'::json) FROM recorded) AS "recordedEvents"`;

/** An outbox row as `RECORDED_EVENTS` returns it: JSON, so the id is text and the time a string. */
export interface RecordedEvent {
  /** int8 as text. */
  id: string;
  event: string;
  payload: Record<string, string>;
  trace_context: string | null;
  /** timestamptz as JSON has it, e.g. `2026-12-05T06:23:28.123+00:00`. */
  created_at: string;
}

/**
 * `column = value` assignments for the input fields that are given: `undefined` leaves a
 * column as it is, `null` clears it. `columns` maps input fields to column names (trusted
 * identifiers, never input); `valueOf` casts a value where the column needs it.
 */
export function assignmentsOf<F extends string>(
  columns: Readonly<Record<F, string>>,
  input: Partial<Record<F, unknown>>,
  valueOf: (field: F, value: unknown) => Prisma.Sql = (_field, value) => Prisma.sql`${value}`,
): Prisma.Sql[] {
  return (Object.keys(columns) as F[]).filter((field) => input[field] !== undefined).map((field) => Prisma.sql`${Prisma.raw(columns[field])} = ${valueOf(field, input[field])}`);
}

/** What a recorded change needs of a command subgraph's request context. */
export interface ChangeContext {
  prisma: PrismaClient;
  /** Hands the committed change's outbox rows to the relay (see `RECORDED_EVENTS`). */
  eventsCommitted(events: readonly RecordedEvent[]): void;
  /** When the caller stops waiting (see `RequestContext.deadline`). */
  deadline?: number;
}

/**
 * Runs one statement that changes state and records its events (see `recordEvents`), then
 * hands the rows its `RECORDED_EVENTS` column returned to the relay, and answers the rows
 * without that column. A single statement is a transaction of its own: no interactive
 * transaction holds a connection across round trips, and nothing is published unless it
 * committed. The relay's polling publishes the events if this process never does (it
 * stops, or the queue is down).
 *
 * Not run once the caller has given up (its deadline passed: the owner was told the change
 * failed, and may retry): refused SERVICE_UNAVAILABLE, nothing changed. What remains possible
 * is a statement that starts just before the deadline and commits just after it.
 */
export async function runRecordedChange<Row>(ctx: ChangeContext, statement: Prisma.Sql): Promise<Row[]> {
  if (isPastDeadline(ctx.deadline)) throw callerGone();
  const rows = await queryPrepared<Row & { recordedEvents?: RecordedEvent[] }>(ctx.prisma, statement);
  // The column is the same subquery on every row: the first row's holds them all.
  const recorded = rows[0]?.recordedEvents ?? [];
  for (const row of rows) delete row.recordedEvents;
  if (recorded.length > 0) ctx.eventsCommitted(recorded);
  return rows;
}
