import { signJwt, verifyJwt } from './signed-jwt.js';
import { createVerifiedTokens } from './verified-tokens.js';

const ISSUER = 'shopgraph';
const AUDIENCE = 'shopgraph-api';

/**
 * The bearer tokens owners send: HS256 JWTs issued by the owner subgraph at sign-up and
 * log-in, verified only by the gateway.
 */
export function createAuthTokens(secret: string, ttl = '7d', { remember = 10_000 } = {}) {
  // The gateway verifies an owner's token on each of their requests (see createVerifiedTokens).
  const verified = createVerifiedTokens<string>(remember);
  return {
    issue(ownerId: string): Promise<string> {
      return signJwt(secret, { subject: ownerId, issuer: ISSUER, audience: AUDIENCE, expiresIn: ttl });
    },
    /** The owner id, or null when the token is invalid, expired or has no expiry. */
    async verify(token: string): Promise<string | null> {
      const known = verified.recall(token);
      if (known !== undefined) return known;
      const claims = await verifyJwt(secret, token, { issuer: ISSUER, audience: AUDIENCE });
      if (!claims) return null;
      verified.remember(token, claims.subject, claims.expiresAtMs);
      return claims.subject;
    },
  };
}

export type AuthTokens = ReturnType<typeof createAuthTokens>;
