import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { dataOf, errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { loadConfig } from '../src/config.js';
import { startDisplaySubgraph } from '../src/start-display-subgraph.js';
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

  await redis.start(); // back, and empty: the generation marker went too, so absence proves nothing yet
  expect(dataOf(await read('1')).shop.name).toBe('자주 보는 가게');
  const reconnected = createRedis(redis.url, 'read-model');
  try {
    // What the keeper's rebuild leaves once done (shop 1 was never on the command side here).
    await createReadModelStore({ redis: reconnected, prefix: 'outage' }).markGeneration({ rebuiltAt: new Date().toISOString(), shops: 0 });
  } finally {
    reconnected.disconnect();
  }
  await waitFor(async () => {
    const response = await read('1');
    return !response.errors && response.data?.shop === null;
  }, { what: 'reads from Redis again' });
});

it('never answers null for a shop whose document is lost or being rebuilt: the last known document, or SERVICE_UNAVAILABLE with retryAfter', async () => {
  const client = createRedis(redis.url, 'read-model');
  const store = createReadModelStore({ redis: client, prefix: 'outage' });
  const read = (id: string) => graphqlRequest(display.graphqlUrl, `query($id: ID!) { shop(id: $id) { id name } }`, { id }, anonymous);
  try {
    await store.write('11', aShopDocument({ id: '11', name: '단골 가게' }), versions);
    await store.write('12', aShopDocument({ id: '12', name: '한산한 가게' }), versions);
    await store.write('13', null, { ...versions, shop: 2, deleted: true });
    await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops: 2 });
    expect(dataOf(await read('11')).shop.name).toBe('단골 가게');

    // The documents deleted by pattern (`DEL outage:shop:*`): their versions and the marker stay.
    expect(await client.del(store.documentKey('11'), store.documentKey('12'))).toBe(2);
    expect(dataOf(await read('11')).shop.name).toBe('단골 가게');
    const cold = await read('12');
    expect(errorCode(cold)).toBe('SERVICE_UNAVAILABLE');
    expect(cold.errors![0]!.extensions).toMatchObject({ retryAfter: 1 });
    expect(dataOf(await read('13')).shop).toBeNull(); // deleted: its tombstone says so
    expect(dataOf(await read('404')).shop).toBeNull(); // never existed: the marker says the read model is whole
    // Both lost shops are asked for, for a keeper to rebuild them first.
    expect((await store.takeRepairRequests(10)).sort()).toEqual(['11', '12']);

    // Lost whole (no marker): nothing missing may be called absent.
    await client.del(store.generationKey, store.versionsKey('11'), store.versionsKey('12'));
    expect(errorCode(await read('404'))).toBe('SERVICE_UNAVAILABLE');
    expect(dataOf(await read('11')).shop.name).toBe('단골 가게');
    expect(await store.takeRepairRequests(10)).toEqual([]);
  } finally {
    client.disconnect();
  }
});
