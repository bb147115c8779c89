import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shopgraph/telemetry/logger';
import { TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../src/config.js';
import { createGateway, type RunningGateway } from '../src/create-gateway.js';

// Stands in for the subgraphs' GET /health and counts how often the gateway probes them.
let probes = 0;
let subgraphs: Server;
let gateway: RunningGateway;

beforeAll(async () => {
  subgraphs = createServer((req, res) => {
    if (req.url === '/health') probes += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => subgraphs.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(subgraphs.address() as AddressInfo).port}/graphql`;
  gateway = await createGateway(
    loadConfig({
      GATEWAY_PORT: '0',
      OWNER_URL: url,
      SHOP_URL: url,
      REVIEW_URL: url,
      DISPLAY_URL: url,
      SEARCH_URL: url,
      ADS_URL: url,
      ADS_SERVING_URL: url,
      READ_MODEL_REDIS_URL: TEST_REDIS_URL,
      READ_MODEL_PREFIX: uniquePrefix('health'),
      GATEWAY_THROTTLES: 'false',
    }),
    createLogger('test', 'silent'),
  ).listen();
});

afterAll(async () => {
  await gateway?.close();
  await new Promise((resolve) => subgraphs?.close(resolve));
});

const ready = async () => {
  const response = await fetch(`${gateway.url}/ready`);
  return { status: response.status, body: (await response.json()) as { checks: { subgraphs: { details: Record<string, string> } } } };
};

describe('/ready', () => {
  it('probes the subgraphs at most once a second however many /ready calls come at once', async () => {
    const since = Date.now();
    const answers = await Promise.all(Array.from({ length: 50 }, ready));
    const took = Date.now() - since;
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.checks.subgraphs.details).toEqual({ owner: 'up', shop: 'up', review: 'up', display: 'up', search: 'up', ads: 'up', 'ads-serving': 'up' });
    }
    // One fan-out (one probe per subgraph: all seven point at the same stand-in) per second the
    // 50 calls took to arrive: one when they come within a second, as on a quiet machine; on 2
    // busy cores they came over 1.5 s once (CI), and the result a fan-out shares is a second old.
    const fanOuts = probes / 7;
    expect(Number.isInteger(fanOuts)).toBe(true);
    expect(fanOuts).toBeLessThanOrEqual(1 + Math.floor(took / 1000));
    // Polled one at a time: the shared result ages out, and the next call probes once more.
    const before = probes;
    await waitFor(async () => (await ready()) && probes > before);
    expect(probes).toBe(before + 7);
    expect(Date.now() - since).toBeGreaterThanOrEqual(1000);
  });
});
