import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig as loadServingConfig, startAdsServing, type AdsServing } from '@shopgraph/ads-serving-subgraph';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { graphqlRequest } from '@shopgraph/testing/graphql-request';
import { freePort } from '@shopgraph/testing/free-port';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import type { RunningGateway } from '../src/create-gateway.js';
import { startTestGateway } from './test-gateway.js';

// A subgraph at capacity refuses at its door (503, Retry-After): through the gateway, a request
// it refused and that has nothing else to show is refused the same way, not answered 200.
const prefix = uniquePrefix('subgraph-refusal');
let serving: AdsServing;
let gateway: RunningGateway;
const CLICK = 'mutation Click($token: String!) { recordAdClick(trackingToken: $token) }';

let identity: string;

beforeAll(async () => {
  // The ads serving subgraph taking one request at a time; its projector's ads subgraph is not there (not needed to refuse a click).
  const config = loadServingConfig({
    ADS_SERVING_PORT: '0',
    ADS_REDIS_URL: TEST_REDIS_URL,
    ADS_STORE_PREFIX: prefix,
    QUEUE_REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    ADS_URL: `http://127.0.0.1:${await freePort()}/graphql`,
    SUBGRAPH_MAX_IN_FLIGHT: '1',
  });
  identity = await createIdentityCodec(config.internalTokenSecret).sign(ANONYMOUS, 'ads-serving');
  serving = await startAdsServing(config, createLogger('ads-serving', 'silent'));
  gateway = await startTestGateway({
    ADS_SERVING_URL: serving.graphqlUrl,
    READ_MODEL_REDIS_URL: TEST_REDIS_URL,
    READ_MODEL_PREFIX: prefix,
    THROTTLE_REDIS_URL: TEST_REDIS_URL,
    THROTTLE_PREFIX: prefix,
    // Its answers are about the subgraph's refusal, not the gateway's own shedding.
    GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0',
  });
});

afterAll(async () => {
  await gateway?.close();
  await serving?.close();
  await deleteKeysWithPrefix(prefix);
});

/** Takes the subgraph's one slot: a request (signed, as the gateway's are) whose body never finishes arriving. */
async function holdTheSlot(): Promise<Socket> {
  const { port } = new URL(serving.graphqlUrl);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(`POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${IDENTITY_HEADER}: ${identity}\r\ncontent-length: 1000\r\n\r\n{`);
  // Held once the subgraph refuses the next request at its door.
  await waitFor(async () => (await fetch(serving.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status === 503, { what: 'the subgraph at capacity' });
  return socket;
}

describe('a subgraph’s refusal at capacity', () => {
  it('is a 503 with Retry-After through the gateway when nothing else was answered', async () => {
    const socket = await holdTheSlot();
    try {
      const refused = await graphqlRequest(gateway.graphqlUrl, CLICK, { token: 'made-up' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(refused.data ?? null).toBeNull();
    } finally {
      socket.destroy();
    }
    // The slot free again: the subgraph's own answer, a field error in a 200.
    await waitFor(async () => (await graphqlRequest(gateway.graphqlUrl, CLICK, { token: 'made-up' })).status === 200, { what: 'the subgraph answering again' });
    const answered = await graphqlRequest(gateway.graphqlUrl, CLICK, { token: 'made-up' });
    expect(answered.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['BAD_USER_INPUT', 'trackingToken']]);
    expect(answered.headers.get('retry-after')).toBeNull();
  });
});
