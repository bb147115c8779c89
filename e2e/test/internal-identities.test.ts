import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { startStack, type Stack } from '../support/stack.js';

// Each subgraph takes identities for itself only, from the callers allowed to call it; the
// gateway's key signs customers and owners, the services' key service identities.
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ label: 'e2e-identities' });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

async function ask(subgraph: 'owner' | 'shop', query: string, token: string) {
  const response = await fetch(`${stack.url(subgraph)}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: token },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, data: body.data, code: body.errors?.[0]?.extensions?.code };
}

/** What whoever took over the gateway could make: any claims, signed with the gateway's key. */
const withGatewayKey = (subject: string, issuer: string, audience: string) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(stack.env.INTERNAL_TOKEN_SECRET));

const SHOP_IDS = '{ shopIds(after: null, first: 1) }';

describe('internal identities', () => {
  it('the shop subgraph answers its internal queries to the projector', async () => {
    const projector = createIdentityCodec({ services: stack.env.SERVICE_TOKEN_SECRET });
    const answer = await ask('shop', SHOP_IDS, await projector.sign({ kind: 'service', service: 'projector' }, 'shop'));
    expect(answer).toMatchObject({ status: 200, data: { shopIds: expect.any(Array) } });
  });

  it('refuses a gateway-signed token that claims to be the projector, however its claims are written', async () => {
    for (const issuer of ['shopgraph-internal:gateway', 'shopgraph-internal:projector']) {
      const forged = await withGatewayKey('service:projector', issuer, 'shopgraph-internal:shop');
      expect(await ask('shop', SHOP_IDS, forged)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('the owner subgraph refuses a token signed for the shop subgraph', async () => {
    const gateway = createIdentityCodec({ gateway: stack.env.INTERNAL_TOKEN_SECRET });
    const forShop = await gateway.sign({ kind: 'owner', ownerId: '1' }, 'shop');
    expect(await ask('shop', '{ __typename }', forShop)).toMatchObject({ status: 200 });
    expect(await ask('owner', '{ __typename }', forShop)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
