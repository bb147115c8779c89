import { counter, gauge, histogram, LATENCY_BUCKETS } from '@shopgraph/telemetry/metrics';

/** Unpublished rows of an outbox table and the age of the oldest, in seconds (0 when none). */
export interface OutboxBacklog {
  unpublished: number;
  oldestAgeSeconds: number;
}

/** What a scrape asks of a running relay's outbox table. */
export interface OutboxBacklogSource {
  schema: string;
  backlog(): Promise<OutboxBacklog>;
}

// Relays running in this process (one per command service; tests run several): a scrape
// reads each one's table once and sets both gauges from that one query.
const sources = new Set<OutboxBacklogSource>();
let snapshot: { at: number; values: Promise<Map<string, OutboxBacklog>> } | undefined;

function backlogs() {
  if (!snapshot || Date.now() - snapshot.at > 1000) {
    snapshot = {
      at: Date.now(),
      values: Promise.all(
        [...sources].map(async (source) => [source.schema, await source.backlog().catch(() => ({ unpublished: Number.NaN, oldestAgeSeconds: Number.NaN }))] as const),
      ).then((entries) => new Map(entries)),
    };
  }
  return snapshot.values;
}

const backlogGauge = (name: string, help: string, read: (b: OutboxBacklog) => number) =>
  gauge({
    name,
    help,
    labelNames: ['schema'],
    async collect() {
      this.reset();
      for (const [schema, backlog] of await backlogs()) this.set({ schema }, read(backlog));
    },
  });

/** The outbox relay's metrics, labelled by command schema. */
export function outboxMetrics() {
  backlogGauge('shopgraph_outbox_unpublished_events', 'Outbox rows not yet published to the queues (NaN: the table could not be read)', (b) => b.unpublished);
  backlogGauge('shopgraph_outbox_oldest_unpublished_age_seconds', 'Age of the oldest unpublished outbox row; 0 when none', (b) => b.oldestAgeSeconds);
  const delay = histogram({
    name: 'shopgraph_outbox_publish_delay_seconds',
    help: 'From recording an event (its transaction) to the queues holding its jobs',
    labelNames: ['schema'],
    buckets: LATENCY_BUCKETS,
  });
  const published = counter({ name: 'shopgraph_outbox_published_events_total', help: 'Outbox events published to the queues', labelNames: ['schema'] });
  const failures = counter({
    name: 'shopgraph_outbox_publish_failures_total',
    help: 'Publish attempts that failed (queue Redis unreachable); the rows are retried',
    labelNames: ['schema'],
  });
  return {
    /** Reads this relay's backlog at every scrape until the returned function is called. */
    watch(source: OutboxBacklogSource): () => void {
      sources.add(source);
      return () => sources.delete(source);
    },
    published(schema: string, recordedAt: readonly Date[]): void {
      const now = Date.now();
      for (const at of recordedAt) delay.observe({ schema }, Math.max(0, now - at.getTime()) / 1000);
      published.inc({ schema }, recordedAt.length);
    },
    failed(schema: string): void {
      failures.inc({ schema });
    },
  };
}
