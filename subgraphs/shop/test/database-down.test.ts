import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { freePort } from '@shopgraph/testing/free-port';
import { TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { loadConfig } from '../src/config.js';
import { startShopSubgraph } from '../src/start-shop-subgraph.js';

const SECRET = 'db-down-internal-secret';
let shop: CommandSubgraph;

beforeAll(async () => {
  // Nothing listens on this port: PostgreSQL is "down" from the start.
  const config = loadConfig({
    SHOP_PORT: '0',
    DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/shopgraph`,
    QUEUE_REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniquePrefix('dbdown'),
    INTERNAL_TOKEN_SECRET: SECRET,
  });
  shop = await startShopSubgraph(config, createLogger('shop', 'silent'));
});

afterAll(async () => {
  await shop?.close();
});

it('fails a mutation fast with SERVICE_UNAVAILABLE while PostgreSQL is down, with no SQL or stack in the answer', async () => {
  const started = Date.now();
  const response = await graphqlRequest(
    shop.graphqlUrl,
    `mutation { createShop(input: { name: "x", category: CHICKEN, phone: "02-123-4567", address: "서울" }) { id } }`,
    {},
    { [IDENTITY_HEADER]: await createIdentityCodec(SECRET).sign({ kind: 'owner', ownerId: '1' }, 'shop') },
  );
  expect(errorCode(response)).toBe('SERVICE_UNAVAILABLE');
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(JSON.stringify(response)).not.toMatch(/ECONNREFUSED|INSERT|prisma|stacktrace|\bat \w/i);
  const ready = await fetch(`${shop.url}/ready`);
  expect(ready.status).toBe(503);
});

it('counts such a failure in its request metrics as what the client was told (SERVICE_UNAVAILABLE), not as an internal error', async () => {
  const response = await graphqlRequest(
    shop.graphqlUrl,
    `mutation DatabaseDownCreate { createShop(input: { name: "x", category: CHICKEN, phone: "02-123-4567", address: "서울" }) { id } }`,
    {},
    { [IDENTITY_HEADER]: await createIdentityCodec(SECRET).sign({ kind: 'owner', ownerId: '1' }, 'shop') },
  );
  expect(errorCode(response)).toBe('SERVICE_UNAVAILABLE');
  const metrics = await (await fetch(`${shop.url}/metrics`)).text();
  const series = metrics.split('\n').filter((line) => line.startsWith('shopgraph_graphql_request_duration_seconds_count{') && line.includes('operation="DatabaseDownCreate"'));
  expect(series).toEqual([expect.stringContaining('outcome="SERVICE_UNAVAILABLE"')]);
});
