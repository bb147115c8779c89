import { SignJWT, jwtVerify } from 'jose';

/**
 * The header that carries who is calling from the gateway (or the projector) to a
 * subgraph. Its value is a short-lived JWT signed with INTERNAL_TOKEN_SECRET, which
 * clients never have. Every GraphQL request a subgraph serves must carry one — the gateway
 * signs one for anonymous customers too — so a subgraph's port answers nobody who is not
 * the platform itself (`identityGuard`).
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

/** How long a signed identity is valid; signers may reuse one for a fraction of it. */
export const IDENTITY_TTL_SECONDS = 300;

const subjectOf = (identity: Identity) =>
  identity.kind === 'owner' ? `owner:${identity.ownerId}` : identity.kind === 'service' ? `service:${identity.service}` : 'anonymous';

function identityOf(subject: string): Identity | null {
  if (subject === 'anonymous') return ANONYMOUS;
  const [kind, id] = subject.split(/:(.*)/s);
  if (kind === 'owner' && id) return { kind: 'owner', ownerId: id };
  if (kind === 'service' && id) return { kind: 'service', service: id };
  return null;
}

export function createIdentityCodec(secret: string) {
  const key = new TextEncoder().encode(secret);
  return {
    sign(identity: Identity): Promise<string> {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subjectOf(identity))
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${IDENTITY_TTL_SECONDS}s`)
        .sign(key);
    },
    /** The signed identity, or null for a missing, forged or expired header. */
    async verify(header: string | string[] | undefined): Promise<Identity | null> {
      if (typeof header !== 'string' || header === '') return null;
      try {
        const { payload } = await jwtVerify(header, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          // A token without an expiry would be valid forever once leaked.
          requiredClaims: ['exp', 'sub'],
        });
        return identityOf(String(payload.sub));
      } catch {
        return null;
      }
    },
  };
}

export type IdentityCodec = ReturnType<typeof createIdentityCodec>;

/**
 * Signs identities for outgoing calls, reusing each for a minute (a fifth of its life), so
 * a busy caller signs once a minute per identity rather than once a request.
 */
export function createIdentitySigner(codec: IdentityCodec, { reuseMs = 60_000, max = 10_000 } = {}) {
  const signed = new Map<string, { token: string; until: number }>();
  return async (identity: Identity): Promise<string> => {
    const subject = subjectOf(identity);
    const now = Date.now();
    const cached = signed.get(subject);
    if (cached && cached.until > now) return cached.token;
    const token = await codec.sign(identity);
    if (signed.size >= max) signed.clear();
    signed.set(subject, { token, until: now + reuseMs });
    return token;
  };
}

export type IdentitySigner = ReturnType<typeof createIdentitySigner>;
