import { signJwt, verifyJwt } from './signed-jwt.js';

const ISSUER = 'shopgraph';
const AUDIENCE = 'shopgraph-api';

/**
 * The bearer tokens owners send: HS256 JWTs issued by the owner subgraph at sign-up and
 * log-in, verified only by the gateway.
 */
export function createAuthTokens(secret: string, ttl = '7d') {
  return {
    issue(ownerId: string): Promise<string> {
      return signJwt(secret, { subject: ownerId, issuer: ISSUER, audience: AUDIENCE, expiresIn: ttl });
    },
    /** The owner id, or null when the token is invalid, expired or has no expiry. */
    verify(token: string): Promise<string | null> {
      return verifyJwt(secret, token, { issuer: ISSUER, audience: AUDIENCE });
    },
  };
}

export type AuthTokens = ReturnType<typeof createAuthTokens>;
