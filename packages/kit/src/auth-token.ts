import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'shopgraph';
const AUDIENCE = 'shopgraph-api';

/**
 * The bearer tokens owners send: HS256 JWTs issued by the owner subgraph at sign-up and
 * log-in, verified only by the gateway.
 */
export function createAuthTokens(secret: string, ttl = '7d') {
  const key = new TextEncoder().encode(secret);
  return {
    issue(ownerId: string): Promise<string> {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(ownerId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(ttl)
        .sign(key);
    },
    /** The owner id, or null when the token is invalid, expired or has no expiry. */
    async verify(token: string): Promise<string | null> {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          // jose accepts a token without `exp` as never expiring: one signed once would work forever.
          requiredClaims: ['exp', 'sub'],
        });
        return typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}

export type AuthTokens = ReturnType<typeof createAuthTokens>;
