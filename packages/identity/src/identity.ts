import { decodeJwt } from 'jose';
import { signJwt, verifyJwt } from './signed-jwt.js';
import { createVerifiedTokens } from './verified-tokens.js';

/**
 * The header that carries who is calling from the gateway (or a platform service) to a
 * subgraph. Its value is a short-lived JWT that names its issuer (the calling process) and
 * its audience (the one subgraph it is for), signed with a key clients never have. Every
 * GraphQL request a subgraph serves must carry one (the gateway signs one for anonymous
 * customers too), so a subgraph's port answers nobody who is not the platform itself
 * (`identityGuard`).
 */
export const IDENTITY_HEADER = 'x-shopgraph-identity';

export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'owner'; ownerId: string }
  /** Another service of the platform, e.g. the projector reading the query APIs. */
  | { kind: 'service'; service: string };

export const ANONYMOUS: Identity = Object.freeze({ kind: 'anonymous' });

/** The services a signed identity can be for. */
export type Audience = 'owner' | 'shop' | 'review' | 'display' | 'search' | 'ads' | 'ads-serving';

/**
 * Who may call whom. The gateway speaks for customers and owners only and never as a
 * service; each service presents only itself (`service:<name>`), and only to the subgraphs
 * whose internal queries it reads. A token outside this table is refused by its audience.
 */
export const INTERNAL_CALLERS = Object.freeze({
  gateway: ['owner', 'shop', 'review', 'display', 'search', 'ads', 'ads-serving'],
  /** Projection and the operators' rebuilds, verify and resync. */
  projector: ['owner', 'shop', 'review'],
  /** The search indexer. */
  search: ['shop'],
  /** The review subgraph's copy of known shops. */
  review: ['shop'],
  /** The ads subgraph's record of shops' owners, categories and statuses. */
  ads: ['shop'],
  /** The ads serving store's projector, re-reading shops' campaigns from the ads subgraph. */
  'ads-serving': ['ads'],
} satisfies Record<string, readonly Audience[]>);

export type Caller = keyof typeof INTERNAL_CALLERS;

/**
 * The signing keys. The gateway's signs customers' and owners' identities; the services'
 * signs `service:*` ones. Given apart, a process that holds only the gateway's (the public
 * gateway) cannot sign a service identity; one string is both (development, tests).
 */
export type IdentityKeys = string | { gateway?: string; services?: string };

/** How long a signed identity is valid; signers may reuse one for a fraction of it. */
export const IDENTITY_TTL_SECONDS = 300;

const ISSUER_PREFIX = 'shopgraph-internal:';
const isCaller = (name: string): name is Caller => Object.hasOwn(INTERNAL_CALLERS, name);
/** A service presents itself; customers and owners are presented by the gateway, which is never a service. */
const callerOf = (identity: Identity): string => (identity.kind !== 'service' ? 'gateway' : identity.service === 'gateway' ? '' : identity.service);

const subjectOf = (identity: Identity) =>
  identity.kind === 'owner' ? `owner:${identity.ownerId}` : identity.kind === 'service' ? `service:${identity.service}` : 'anonymous';

function identityOf(subject: string): Identity | null {
  if (subject === 'anonymous') return ANONYMOUS;
  const [kind, id] = subject.split(/:(.*)/s);
  if (kind === 'owner' && id) return { kind: 'owner', ownerId: id };
  if (kind === 'service' && id) return { kind: 'service', service: id };
  return null;
}

export interface IdentityVerifier {
  /** The signed identity, or null for a missing, forged or expired header, or one not for this service or from a caller it does not take. */
  verify(header: string | string[] | undefined): Promise<Identity | null>;
}

export function createIdentityCodec(keys: IdentityKeys) {
  const keyOf = (caller: Caller) => (typeof keys === 'string' ? keys : caller === 'gateway' ? keys.gateway : keys.services);
  return {
    /** Signs `identity` for `audience`, as its caller: throws for a call the table does not allow, or without that caller's key. */
    sign(identity: Identity, audience: Audience): Promise<string> {
      const caller = callerOf(identity);
      if (!isCaller(caller) || !(INTERNAL_CALLERS[caller] as readonly Audience[]).includes(audience)) throw new Error(`${caller || subjectOf(identity)} may not call ${audience}`);
      const key = keyOf(caller);
      if (!key) throw new Error(`no signing key for ${caller} identities in this process`);
      return signJwt(key, { subject: subjectOf(identity), issuer: `${ISSUER_PREFIX}${caller}`, audience: `${ISSUER_PREFIX}${audience}`, expiresIn: IDENTITY_TTL_SECONDS });
    },
    /** Verifies the identities sent to `audience`; a valid one is remembered until it expires (`createVerifiedTokens`). */
    verifier(audience: Audience, { remember = 1000 } = {}): IdentityVerifier {
      const verified = createVerifiedTokens<Identity>(remember);
      return {
        async verify(header) {
          if (typeof header !== 'string' || header === '') return null;
          const known = verified.recall(header);
          if (known) return known;
          let claims: { iss?: unknown };
          try {
            claims = decodeJwt(header);
          } catch {
            return null;
          }
          const issuer = claims.iss;
          const caller = typeof issuer === 'string' && issuer.startsWith(ISSUER_PREFIX) ? issuer.slice(ISSUER_PREFIX.length) : '';
          if (!isCaller(caller) || !(INTERNAL_CALLERS[caller] as readonly Audience[]).includes(audience)) return null;
          const key = keyOf(caller);
          if (!key) return null;
          const verifiedJwt = await verifyJwt(key, header, { issuer: `${ISSUER_PREFIX}${caller}`, audience: `${ISSUER_PREFIX}${audience}` });
          if (!verifiedJwt) return null;
          const identity = identityOf(verifiedJwt.subject);
          // The issuer must be who the identity says is calling: the gateway cannot present `service:projector`.
          if (!identity || callerOf(identity) !== caller) return null;
          verified.remember(header, identity, verifiedJwt.expiresAtMs);
          return identity;
        },
      };
    },
  };
}

export type IdentityCodec = ReturnType<typeof createIdentityCodec>;

/** Signs identities for one audience. */
export type IdentitySigner = (identity: Identity) => Promise<string>;

/**
 * Signs identities for outgoing calls to `audience`, reusing each for a minute (a fifth of
 * its life), so a busy caller signs once a minute per identity rather than once a request.
 */
export function createIdentitySigner(codec: IdentityCodec, audience: Audience, { reuseMs = 60_000, max = 10_000 } = {}): IdentitySigner {
  const signed = new Map<string, { token: string; until: number }>();
  return async (identity) => {
    const subject = subjectOf(identity);
    const now = Date.now();
    const cached = signed.get(subject);
    if (cached && cached.until > now) return cached.token;
    const token = await codec.sign(identity, audience);
    if (signed.size >= max) signed.clear();
    signed.set(subject, { token, until: now + reuseMs });
    return token;
  };
}
