import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shopgraph/telemetry/logger';
import { errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { loadConfig } from '../src/config.js';
import { createGateway, type RunningGateway } from '../src/create-gateway.js';
import { unreachableSubgraphs } from './unreachable-subgraphs.js';


let development: RunningGateway;
let production: RunningGateway;

beforeAll(async () => {
  const silent = createLogger('gateway', 'silent');
  // No load shedding: these answers are about validation, and on a busy 2-core machine (other
  // test files start gateways beside this one) the shedder once refused them 503 instead.
  const down = { ...(await unreachableSubgraphs()), GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0' };
  development = await createGateway(loadConfig({ ...down, GATEWAY_PORT: '0', NODE_ENV: 'development', GATEWAY_MAX_DEPTH: '4' }), silent).listen();
  production = await createGateway(
    loadConfig({ ...down, GATEWAY_PORT: '0', NODE_ENV: 'production', JWT_SECRET: 'kS9xQ2vL7mN4pR8tW1yZ6bC3dF5gH0jA', INTERNAL_TOKEN_SECRET: 'Zt7Yq1Wm3Xp5Vn9Rb2Kc4Hd6Jf8Lg0Sa' }),
    silent,
  ).listen();
});

afterAll(async () => {
  await development?.close();
  await production?.close();
});

describe('the gateway', () => {
  it('starts from the composed supergraph while every subgraph is down', async () => {
    expect((await fetch(`${development.url}/health`)).status).toBe(200);
    const ready = (await (await fetch(`${development.url}/ready`)).json()) as { checks: { subgraphs: { details: unknown } } };
    expect(ready.checks.subgraphs.details).toEqual({ owner: 'down', shop: 'down', review: 'down', display: 'down', search: 'down', ads: 'down', 'ads-serving': 'down' });
    const response = await graphqlRequest(development.graphqlUrl, `{ shop(id: "1") { id } }`);
    expect(errorCode(response)).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(response)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stacktrace/);
  });

  it('offers introspection and Apollo Sandbox in development only', async () => {
    expect(errorCode(await graphqlRequest(development.graphqlUrl, `{ __schema { queryType { name } } }`))).toBeUndefined();
    expect(errorCode(await graphqlRequest(production.graphqlUrl, `{ __schema { queryType { name } } }`))).toBe('GRAPHQL_VALIDATION_FAILED');
    const page = await fetch(development.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).toMatch(/sandbox/i);
    const closed = await fetch(production.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await closed.text()).not.toMatch(/sandbox/i);
  });

  it('refuses queries that are too deep or too aliased before touching a subgraph', async () => {
    // This instance allows depth 4: me > shops > published > recentReviews > id is 5 deep.
    const deep = await graphqlRequest(development.graphqlUrl, `{ me { shops { published { recentReviews { id } } } } }`);
    expect(errorCode(deep)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
    const shallow = await graphqlRequest(development.graphqlUrl, `{ me { shops { published { id } } } }`);
    expect(errorCode(shallow)).toBe('SERVICE_UNAVAILABLE'); // allowed, then the owner subgraph is down
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: shop(id: "${i}") { id }`).join(' ')} }`;
    const tooMany = await graphqlRequest(development.graphqlUrl, aliases);
    expect(tooMany.errors?.[0]?.message).toMatch(/alias/i);
    expect(tooMany.data).toBeUndefined();
  });

  it('refuses a subscription on /graphql with a code: the supergraph has one, served at /graphql/stream only', async () => {
    const response = await fetch(development.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'subscription { shopPublished(id: "1") { id } }' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  // Anonymous reads may be answered by the response cache's front, the rest by Express:
  // both must refuse bad bodies the same way, as JSON with a code and no stack trace.
  for (const [who, headers] of [
    ['anonymous', {}],
    ['signed-in', { authorization: 'Bearer not-a-real-token' }],
  ] as const) {
    it(`refuses oversized request bodies (${who})`, async () => {
      const response = await fetch(development.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: `{ shop(id: "${'1'.repeat(200_000)}") { id } }` }),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ errors: [{ message: 'The request body is too large.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    });

    it(`answers a body that is not JSON with a clear error and no stack trace (${who})`, async () => {
      const response = await fetch(development.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query": ' });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      expect(text).not.toMatch(/at JSON\.parse|node_modules/);
    });
  }

  it('echoes the request id it passes to subgraphs', async () => {
    const response = await graphqlRequest(development.graphqlUrl, `{ __typename }`, {}, { 'x-request-id': 'req-123' });
    expect(response.headers.get('x-request-id')).toBe('req-123');
  });
});
