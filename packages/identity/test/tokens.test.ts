import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

  describe('remembered once verified', () => {
    afterEach(() => vi.useRealTimers());

    it('are refused once they expire, as an unremembered one would be', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const tokens = createAuthTokens(SECRET, '60s');
      const token = await tokens.issue('42');
      expect(await tokens.verify(token)).toBe('42');
      vi.advanceTimersByTime(59_000);
      expect(await tokens.verify(token)).toBe('42');
      vi.advanceTimersByTime(1_000);
      expect(await tokens.verify(token)).toBeNull();
      expect(await createAuthTokens(SECRET).verify(token)).toBeNull();
    });

    it('recognise only the exact text verified: another signature or key is checked in full', async () => {
      const tokens = createAuthTokens(SECRET);
      const token = await tokens.issue('42');
      expect(await tokens.verify(token)).toBe('42');
      const at = token.lastIndexOf('.') + 5;
      const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      expect(await tokens.verify(tampered)).toBeNull();
      expect(await createAuthTokens('another-secret-0123456789abcdef').verify(token)).toBeNull();
    });

    it('keep no more than they may: a full memory starts again, and a token it forgot is verified in full', async () => {
      const tokens = createAuthTokens(SECRET, '7d', { remember: 2 });
      const issued = await Promise.all(['1', '2', '3'].map((id) => tokens.issue(id)));
      for (const [i, token] of issued.entries()) expect(await tokens.verify(token)).toBe(String(i + 1));
      for (const [i, token] of issued.entries()) expect(await tokens.verify(token)).toBe(String(i + 1));
    });
  });
});

describe('internal identities', () => {
  const codec = createIdentityCodec(SECRET);
  /** A token signed with the right key, with any claims: what a process holding the key could make. */
  const forge = (claims: { sub: string; iss: string; aud: string }) =>
    new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub).setIssuer(claims.iss).setAudience(claims.aud).setIssuedAt().setExpirationTime('5m').sign(key);

  it('round-trip every kind, anonymous included, and refuse unsigned, forged or expiry-less ones', async () => {
    const shop = codec.verifier('shop');
    for (const identity of [ANONYMOUS, { kind: 'owner', ownerId: '7' } as const, { kind: 'service', service: 'projector' } as const]) {
      expect(await shop.verify(await codec.sign(identity, 'shop'))).toEqual(identity);
    }
    expect(await shop.verify(undefined)).toBeNull();
    expect(await shop.verify('owner:7')).toBeNull();
    expect(await shop.verify(await createIdentityCodec('another-secret-0123456789abcdef').sign(ANONYMOUS, 'shop'))).toBeNull();
    expect(await shop.verify(await sign({ sub: 'owner:7', iss: 'shopgraph-internal:gateway', aud: 'shopgraph-internal:shop' }))).toBeNull();
  });

  it('refuse a gateway-signed token that claims a service identity', async () => {
    const claimsProjector = await forge({ sub: 'service:projector', iss: 'shopgraph-internal:gateway', aud: 'shopgraph-internal:shop' });
    expect(await codec.verifier('shop').verify(claimsProjector)).toBeNull();
    expect(() => codec.sign({ kind: 'service', service: 'gateway' }, 'shop')).toThrow(/service:gateway may not call shop/);
    expect(await codec.verifier('shop').verify(await forge({ sub: 'service:gateway', iss: 'shopgraph-internal:gateway', aud: 'shopgraph-internal:shop' }))).toBeNull();
  });

  it('are good for their audience only', async () => {
    const forShop = await codec.sign({ kind: 'owner', ownerId: '7' }, 'shop');
    expect(await codec.verifier('owner').verify(forShop)).toBeNull();
    expect(await codec.verifier('display').verify(await codec.sign({ kind: 'service', service: 'projector' }, 'shop'))).toBeNull();
  });

  it('let a service present only itself, and only to the subgraphs it reads', async () => {
    expect(await codec.verifier('shop').verify(await codec.sign({ kind: 'service', service: 'search' }, 'shop'))).toEqual({ kind: 'service', service: 'search' });
    expect(() => codec.sign({ kind: 'service', service: 'search' }, 'owner')).toThrow(/search may not call owner/);
    expect(await codec.verifier('owner').verify(await forge({ sub: 'service:search', iss: 'shopgraph-internal:search', aud: 'shopgraph-internal:owner' }))).toBeNull();
    // One service cannot speak as another, nor for an owner.
    expect(await codec.verifier('shop').verify(await forge({ sub: 'service:projector', iss: 'shopgraph-internal:search', aud: 'shopgraph-internal:shop' }))).toBeNull();
    expect(await codec.verifier('shop').verify(await forge({ sub: 'owner:7', iss: 'shopgraph-internal:projector', aud: 'shopgraph-internal:shop' }))).toBeNull();
    expect(await codec.verifier('shop').verify(await forge({ sub: 'service:mallory', iss: 'shopgraph-internal:mallory', aud: 'shopgraph-internal:shop' }))).toBeNull();
  });

  it('with the keys apart, a process holding only the gateway key cannot sign a service identity that is taken', async () => {
    const GATEWAY_KEY = 'gateway-key-0123456789abcdefghij';
    const SERVICES_KEY = 'services-key-0123456789abcdefghi';
    const gateway = createIdentityCodec({ gateway: GATEWAY_KEY });
    const shop = createIdentityCodec({ gateway: GATEWAY_KEY, services: SERVICES_KEY }).verifier('shop');
    const projector = createIdentityCodec({ services: SERVICES_KEY });
    expect(await shop.verify(await gateway.sign({ kind: 'owner', ownerId: '7' }, 'shop'))).toEqual({ kind: 'owner', ownerId: '7' });
    expect(await shop.verify(await projector.sign({ kind: 'service', service: 'projector' }, 'shop'))).toEqual({ kind: 'service', service: 'projector' });
    expect(() => gateway.sign({ kind: 'service', service: 'projector' }, 'shop')).toThrow(/no signing key/);
    // Made by hand with the gateway's key, claims and all: the projector's issuer is checked against the services' key.
    const made = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('service:projector').setIssuer('shopgraph-internal:projector').setAudience('shopgraph-internal:shop').setExpirationTime('5m').sign(new TextEncoder().encode(GATEWAY_KEY));
    expect(await shop.verify(made)).toBeNull();
    // And the projector's key signs no customer.
    expect(() => projector.sign(ANONYMOUS, 'shop')).toThrow(/no signing key/);
  });

  describe('remembered once verified', () => {
    afterEach(() => vi.useRealTimers());

    it('are refused once they expire, as an unremembered one would be', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const display = codec.verifier('display');
      const token = await codec.sign(ANONYMOUS, 'display');
      expect(await display.verify(token)).toEqual(ANONYMOUS);
      vi.advanceTimersByTime(299_000);
      expect(await display.verify(token)).toEqual(ANONYMOUS);
      vi.advanceTimersByTime(1_000);
      expect(await display.verify(token)).toBeNull();
      expect(await codec.verifier('display').verify(token)).toBeNull();
    });

    it('recognise only the exact text verified: another signature, audience or key is checked in full', async () => {
      const display = codec.verifier('display');
      const token = await codec.sign(ANONYMOUS, 'display');
      expect(await display.verify(token)).toEqual(ANONYMOUS);
      // A character inside the signature (the last one carries padding bits a decoder may ignore).
      const at = token.lastIndexOf('.') + 5;
      const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      expect(await display.verify(tampered)).toBeNull();
      expect(await codec.verifier('shop').verify(token)).toBeNull();
      expect(await createIdentityCodec('another-secret-0123456789abcdef').verifier('display').verify(token)).toBeNull();
    });
  });
});
