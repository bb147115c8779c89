import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { DEADLINE_HEADER } from '../src/caller-deadline.js';
import { createGraphQLService, type GraphQLEndpoint, type RequestContext } from '../src/graphql-service.js';

// A service's POST /graphql taken without Express (graphqlRoute) answers as the Express route
// does: the same request sent with a query string (which only Express takes) is the yardstick.
// The CommonJS graphql-js that Apollo Server loads (under vitest, an import here gets the ES module build, another copy).
const { GraphQLError, GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const SECRET = 'graphql-route-test-secret-0123456789';
const codec = createIdentityCodec(SECRET);
let calls = 0;
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      deadline: { type: GraphQLString, resolve: (_root: unknown, _args: unknown, context: RequestContext) => (context.deadline === undefined ? null : String(context.deadline)) },
      hello: { type: GraphQLString, args: { name: { type: new GraphQLNonNull(GraphQLString) } }, resolve: (_root: unknown, { name }: { name: string }, context: RequestContext) => `hello ${name}, ${context.identity.kind}` },
    },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      count: { type: GraphQLString, resolve: () => (++calls, 'counted') },
      refuse: {
        type: GraphQLInt,
        resolve: () => {
          throw new GraphQLError('Not this one.', { extensions: { code: 'BAD_USER_INPUT' } });
        },
      },
    },
  }),
});
const service = createGraphQLService<RequestContext>({
  name: 'route-test',
  logger: createLogger('test', 'silent'),
  schema,
  context: async (_req, base) => base,
  identities: codec.verifier('shop'),
  bodyLimit: '1kb',
});
let endpoint: GraphQLEndpoint;
let signed: Record<string, string>;

beforeAll(async () => {
  endpoint = await service.listen(0, '127.0.0.1');
  signed = { [IDENTITY_HEADER]: await codec.sign({ kind: 'owner', ownerId: '7' }, 'shop') };
});

afterAll(() => service.close());

/** Status, headers (less those that differ on every answer, and Express's ETag) and body. */
async function post(body: string, headers: Record<string, string>, viaExpress = false) {
  const response = await fetch(`${endpoint.graphqlUrl}${viaExpress ? '?via=express' : ''}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const ignored = new Set(['date', 'etag', 'connection', 'keep-alive']);
  const seen = { status: response.status, headers: Object.fromEntries([...response.headers].filter(([name]) => !ignored.has(name))), body: await response.text() };
  return { seen, etag: response.headers.has('etag') };
}
/** The route's answer, checked equal to Express's (which alone adds an ETag to a 200: so the route did answer). */
const both = async (body: string, headers: Record<string, string> = signed) => {
  const direct = await post(body, headers);
  const express = await post(body, headers, true);
  expect(direct.seen).toEqual(express.seen);
  if (direct.seen.status === 200) expect([direct.etag, express.etag]).toEqual([false, true]);
  return direct.seen;
};

describe('a GraphQL service’s route for plain JSON POSTs', () => {
  it('answers a query, a mutation and a field error as the Express route does', async () => {
    expect(JSON.parse((await both(JSON.stringify({ query: 'query($n: String!) { hello(name: $n) }', variables: { n: 'kim' } }))).body)).toEqual({ data: { hello: 'hello kim, owner' } });
    const before = calls;
    expect(JSON.parse((await both(JSON.stringify({ query: 'mutation { count }' }))).body).data.count).toBe('counted');
    expect(calls).toBe(before + 2);
    const refused = await both(JSON.stringify({ query: 'mutation { refuse }' }));
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses as the Express route does: unsigned, not JSON, too large, a bad variable, no query', async () => {
    expect((await both(JSON.stringify({ query: '{ hello(name: "x") }' }), {})).status).toBe(401);
    expect((await both('{"query": ')).status).toBe(400);
    expect((await both(JSON.stringify({ query: `{ hello(name: "${'x'.repeat(2000)}") }` }))).status).toBe(413);
    expect((await both(JSON.stringify({ query: 'query($n: String!) { hello(name: $n) }', variables: { n: 5 } }))).status).toBe(400);
    expect((await both('')).status).toBe(400);
    expect((await both('[]')).status).toBe(400);
  });

  it('does not start a request its caller has already given up on, on either route; the caller’s deadline is in the context', async () => {
    const before = calls;
    for (const viaExpress of [false, true]) {
      const refused = await post(JSON.stringify({ query: 'mutation { count }' }), { ...signed, [DEADLINE_HEADER]: String(Date.now() - 1) }, viaExpress);
      expect(refused.seen.status).toBe(503);
      expect(JSON.parse(refused.seen.body).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect(calls).toBe(before);
    const deadline = String(Date.now() + 60_000);
    await both(JSON.stringify({ query: 'mutation { count }' }), { ...signed, [DEADLINE_HEADER]: deadline });
    expect(calls).toBe(before + 2);
    expect(JSON.parse((await both(JSON.stringify({ query: '{ deadline }' }), { ...signed, [DEADLINE_HEADER]: deadline })).body).data.deadline).toBe(deadline);
    expect(JSON.parse((await both(JSON.stringify({ query: '{ deadline }' }))).body).data.deadline).toBeNull();
  });
});
