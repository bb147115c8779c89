import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/kit/identity';
import { createLogger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import type { GraphQLService } from '@shopgraph/kit/graphql-service';
import { dataOf, errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../src/config.js';
import { startDisplaySubgraph } from '../src/create-display-subgraph.js';
import { createReadModelStore } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';

let redis: PrivateRedis;
let display: GraphQLService;
/** The gateway's signature for a customer. */
let anonymous: Record<string, string>;
const versions = { shop: 1, owner: 1, reviews: 0, deleted: false };

beforeAll(async () => {
  redis = await startPrivateRedis(); // this file stops it
  const config = loadConfig({ DISPLAY_PORT: '0', READ_MODEL_REDIS_URL: redis.url, READ_MODEL_PREFIX: 'outage' });
  anonymous = { [IDENTITY_HEADER]: await createIdentityCodec(config.internalTokenSecret).sign(ANONYMOUS, 'display') };
  display = await startDisplaySubgraph(config, createLogger('display', 'silent'));
});

afterAll(async () => {
  await display?.close();
  await redis?.stop();
});

it('answers hot shops from the last known documents while Redis is down, and recovers by itself', async () => {
  const client = createRedis(redis.url, 'read-model');
  const store = createReadModelStore({ redis: client, prefix: 'outage' });
  await store.write('1', aShopDocument({ id: '1', name: '자주 보는 가게' }), versions);
  await store.write('2', aShopDocument({ id: '2', name: '처음 보는 가게' }), versions);
  client.disconnect();
  const read = (id: string) => graphqlRequest(display.graphqlUrl, `query($id: ID!) { shop(id: $id) { id name } }`, { id }, anonymous);
  expect(dataOf(await read('1')).shop.name).toBe('자주 보는 가게'); // now a hot shop

  await redis.stop();
  expect(dataOf(await read('1')).shop.name).toBe('자주 보는 가게');
  const cold = await read('2');
  expect(errorCode(cold)).toBe('SERVICE_UNAVAILABLE');

  await redis.start(); // back, and empty
  await waitFor(async () => {
    const response = await read('1');
    return !response.errors && response.data?.shop === null;
  }, { what: 'reads from Redis again' });
});
