import { SignJWT, jwtVerify } from 'jose';

/**
 * The header that carries who is calling from the gateway (or the projector) to a
 * subgraph. Its value is a short-lived JWT signed with INTERNAL_TOKEN_SECRET, which
 * clients never have: a client that sends this header itself, through the gateway or
 * straight to a subgraph's port, is treated as anonymous.
 */
export const IDENTITY_HEADER = 'x-shopgraph-identity';

export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'owner'; ownerId: string }
  /** Another service of the platform, e.g. the projector reading the query APIs. */
  | { kind: 'service'; service: string };

const ISSUER = 'shopgraph-internal';
const AUDIENCE = 'shopgraph-subgraphs';
export const ANONYMOUS: Identity = Object.freeze({ kind: 'anonymous' });

export function createIdentityCodec(secret: string) {
  const key = new TextEncoder().encode(secret);
  return {
    sign(identity: Exclude<Identity, { kind: 'anonymous' }>): Promise<string> {
      const subject = identity.kind === 'owner' ? `owner:${identity.ownerId}` : `service:${identity.service}`;
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subject)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
    },
    /** Anonymous for a missing, forged or expired header. */
    async verify(header: string | string[] | undefined): Promise<Identity> {
      if (typeof header !== 'string' || header === '') return ANONYMOUS;
      try {
        const { payload } = await jwtVerify(header, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        const [kind, id] = String(payload.sub).split(/:(.*)/s);
        if (kind === 'owner' && id) return { kind: 'owner', ownerId: id };
        if (kind === 'service' && id) return { kind: 'service', service: id };
      } catch {
        // fall through: an unverifiable identity is no identity
      }
      return ANONYMOUS;
    },
  };
}

export type IdentityCodec = ReturnType<typeof createIdentityCodec>;
