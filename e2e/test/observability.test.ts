import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@shopgraph/testing/wait-for';
import { gatewayClient } from '../support/client.js';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import { promtoolCheck, samples, scrape, total, type Sample } from '../support/prometheus-text.js';
import { startStack, type ServiceName, type Stack } from '../support/stack.js';

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let stack: Stack;
let api: ReturnType<typeof gatewayClient>;
let owner: { token: string };

// A rename: a change search copies (shop.listing.changed), so it reaches the search indexer too;
// a notice change is the read model's alone.
const UPDATE = `mutation RenameShop($id: ID!, $name: String) { updateShop(id: $id, input: { name: $name }) { version } }`;
const READ = `query ShopPage($id: ID!) { shop(id: $id) { id sourceVersion } }`;

/** Each service's /metrics; the gateway's is its cluster primary's, on a port of its own. */
const metricsUrl = (name: ServiceName | 'gateway') =>
  name === 'gateway' ? `http://127.0.0.1:${stack.env.GATEWAY_METRICS_PORT}/metrics` : `${stack.url(name)}/metrics`;
const SERVICES = ['owner', 'shop', 'review', 'display', 'projector', 'search', 'ads', 'ads-serving', 'gateway'] as const;

async function published(id: string, version: number) {
  await waitFor(async () => ((await api.data(READ, { id })).shop?.sourceVersion ?? 0) >= version, { what: `shop ${id} at version ${version}` });
}

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  stack = await startStack({
    label: 'e2e-observability',
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
  });
  api = gatewayClient(stack.gatewayUrl);
  owner = await api.signUp('박사장');
});

afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe('traces', () => {
  it("follows one owner's change as one trace: gateway → shop subgraph → outbox → queue → projector and search indexer → Redis write → the gateway's eviction", async () => {
    const { id } = await api.createShop(owner.token);
    await published(id, 1);
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const response = await api.request(UPDATE, { id, name: '추적 치킨' }, owner.token, { traceparent });
    expect(response.errors).toBeUndefined();

    // A parent span ends (and is exported) after its children: wait until every span's parent
    // has arrived, so that the only root left is the one the client's traceparent named.
    const rootsOf = (spans: typeof receiver.spans) => {
      const ids = new Set(spans.map((span) => span.spanId));
      return spans.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId));
    };
    const trace = await waitFor(
      () => {
        const spans = receiver.spans.filter((span) => span.traceId === traceId);
        const services = new Set(spans.map((span) => span.service));
        const evicted = spans.some((span) => span.service === 'shopgraph-gateway' && span.name === 'response-cache evict');
        const complete = ['shopgraph-gateway', 'shopgraph-shop', 'shopgraph-projector', 'shopgraph-search'].every((s) => services.has(s)) && evicted;
        return complete && rootsOf(spans).every((span) => span.service === 'shopgraph-gateway') && spans;
      },
      { what: 'one connected trace of the change through the gateway, shop subgraph, projector and search indexer', timeoutMs: 20_000 },
    );
    const names = (service: string) => trace.filter((span) => span.service === service).map((span) => span.name);
    // The projector's job continues the request's trace and writes the document in it.
    expect(names('shopgraph-projector').some((name) => /process/.test(name))).toBe(true);
    expect(names('shopgraph-projector').some((name) => /evalsha|eval/i.test(name))).toBe(true);
    // The shop subgraph's statement that recorded the change and its event.
    expect(names('shopgraph-shop').some((name) => /pg\.query|INSERT|WITH|SELECT/i.test(name))).toBe(true);
    // Every span but the gateway's first has its parent in the trace: one trace, not four.
    expect(rootsOf(trace).map((span) => span.name)).toHaveLength(1);
  });
});

describe('metrics', () => {
  it('every service serves /metrics in the Prometheus text format, its own metrics free of lint problems', async () => {
    for (const name of SERVICES) {
      const text = await (await fetch(metricsUrl(name))).text();
      // Parses (else it throws); prom-client's own nodejs_active_*_total gauges are its only lint problems.
      expect(promtoolCheck(text).filter((problem) => !/^nodejs_active_\w+_total non-counter/.test(problem)), name).toEqual([]);
      expect(text, name).toMatch(/^shopgraph_/m);
      expect(text, name).toMatch(/^process_cpu_seconds_total /m);
    }
  });

  it('one mutation moves the outbox, queue, lag and request metrics, and one read the read-model metrics', async () => {
    const { id } = await api.createShop(owner.token);
    await published(id, 1);
    const before = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await scrape(metricsUrl(name))] as const))) as Record<
      (typeof SERVICES)[number],
      Sample[]
    >;
    expect((await api.data(UPDATE, { id, name: '측정 치킨' }, owner.token)).updateShop.version).toBe(2);
    await published(id, 2);

    const grew = async (service: (typeof SERVICES)[number], name: string, labels: Record<string, string> = {}) =>
      waitFor(async () => total(await scrape(metricsUrl(service)), name, labels) > total(before[service], name, labels), {
        what: `${service} ${name} ${JSON.stringify(labels)} to grow`,
      });
    await grew('shop', 'shopgraph_outbox_published_events_total', { schema: 'shop' });
    await grew('shop', 'shopgraph_outbox_publish_delay_seconds_count', { schema: 'shop' });
    await grew('shop', 'shopgraph_graphql_request_duration_seconds_count', { outcome: 'ok' });
    await grew('projector', 'shopgraph_event_lag_seconds_count', { queue: 'display' });
    await grew('projector', 'shopgraph_job_duration_seconds_count', { queue: 'display', outcome: 'completed' });
    await grew('search', 'shopgraph_event_lag_seconds_count', { queue: 'search' });
    await grew('gateway', 'shopgraph_eviction_lag_seconds_count');
    await grew('gateway', 'shopgraph_graphql_request_duration_seconds_count', { operation: 'RenameShop', outcome: 'ok' });
    await grew('display', 'shopgraph_read_model_reads_total');
    // Reads answered by the gateway's front (cache hits, direct reads) count under the name the
    // document gives the operation, as Apollo's own requests do, though the request names none.
    await grew('gateway', 'shopgraph_graphql_request_duration_seconds_count', { operation: 'ShopPage', outcome: 'ok' });
    const gateway = await scrape(metricsUrl('gateway'));
    expect(total(gateway, 'shopgraph_graphql_request_duration_seconds_count', { operation: 'anonymous' })).toBe(
      total(before.gateway, 'shopgraph_graphql_request_duration_seconds_count', { operation: 'anonymous' }),
    );

    const shop = await scrape(metricsUrl('shop'));
    expect(total(shop, 'shopgraph_outbox_unpublished_events', { schema: 'shop' })).toBe(0);
    expect(samples(shop, 'shopgraph_outbox_oldest_unpublished_age_seconds', { schema: 'shop' })).toHaveLength(1);
    const projector = await scrape(metricsUrl('projector'));
    for (const queue of ['display', 'search', 'review-shops']) {
      expect(samples(projector, 'shopgraph_queue_jobs', { queue, state: 'waiting' }), queue).toHaveLength(1);
    }
    expect(total(projector, 'shopgraph_circuit_breaker_state', { source: 'shop', state: 'closed' })).toBe(1);
  });
});

describe('dashboards and alerts', () => {
  it('refer only to metrics the services expose', async () => {
    const exposed = new Set<string>();
    for (const name of SERVICES) {
      const text = await (await fetch(metricsUrl(name))).text();
      for (const [, metric] of text.matchAll(/^# TYPE (\w+) /gm)) exposed.add(metric!);
    }
    const file = (path: string) => readFileSync(fileURLToPath(new URL(`../../observability/${path}`, import.meta.url)), 'utf8');
    const referenced = [file('prometheus/alerts.yml'), file('grafana/dashboards/shopgraph.json')]
      .flatMap((text) => [...text.matchAll(/\b(shopgraph_\w+)/g)].map(([, metric]) => metric!.replace(/_(bucket|sum|count)$/, '')))
      .filter((metric) => metric !== 'shopgraph_');
    expect(referenced.length).toBeGreaterThan(20);
    expect([...new Set(referenced)].filter((metric) => !exposed.has(metric))).toEqual([]);
  });
});
