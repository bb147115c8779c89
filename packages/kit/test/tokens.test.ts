import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthTokens } from '../src/auth-token.js';
import { ANONYMOUS, createIdentityCodec } from '../src/identity.js';

const SECRET = 'tokens-test-secret-0123456789abcdef';
const key = new TextEncoder().encode(SECRET);
const sign = (claims: { sub?: string; iss: string; aud: string; exp?: boolean }) => {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(claims.iss).setAudience(claims.aud).setIssuedAt();
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  if (claims.exp) jwt = jwt.setExpirationTime('1h');
  return jwt.sign(key);
};

describe('bearer tokens', () => {
  it('verify the ones the owner subgraph issues', async () => {
    const tokens = createAuthTokens(SECRET);
    expect(await tokens.verify(await tokens.issue('42'))).toBe('42');
  });

  it('refuse a correctly signed token without an expiry or a subject: it would be valid for ever', async () => {
    const tokens = createAuthTokens(SECRET);
    expect(await tokens.verify(await sign({ sub: '42', iss: 'shopgraph', aud: 'shopgraph-api' }))).toBeNull();
    expect(await tokens.verify(await sign({ iss: 'shopgraph', aud: 'shopgraph-api', exp: true }))).toBeNull();
    expect(await tokens.verify(await sign({ sub: '42', iss: 'shopgraph', aud: 'shopgraph-api', exp: true }))).toBe('42');
  });
});

describe('internal identities', () => {
  it('round-trip every kind, anonymous included, and refuse unsigned, forged or expiry-less ones', async () => {
    const codec = createIdentityCodec(SECRET);
    for (const identity of [ANONYMOUS, { kind: 'owner', ownerId: '7' } as const, { kind: 'service', service: 'projector' } as const]) {
      expect(await codec.verify(await codec.sign(identity))).toEqual(identity);
    }
    expect(await codec.verify(undefined)).toBeNull();
    expect(await codec.verify('owner:7')).toBeNull();
    expect(await codec.verify(await createIdentityCodec('another-secret-0123456789abcdef').sign(ANONYMOUS))).toBeNull();
    expect(await codec.verify(await sign({ sub: 'owner:7', iss: 'shopgraph-internal', aud: 'shopgraph-subgraphs' }))).toBeNull();
  });
});
