import { SignJWT, jwtVerify } from 'jose';

/** What a short-lived HS256 token says: who it is about, who signed it, for whom, for how long. */
export interface JwtClaims {
  subject: string;
  issuer: string;
  audience: string;
  /** A jose time span (`'7d'`, `'300s'`) or seconds. */
  expiresIn: string | number;
}

const encoder = new TextEncoder();

/** Signs an HS256 JWT with the secret. */
export function signJwt(secret: string, { subject, issuer, audience, expiresIn }: JwtClaims): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(typeof expiresIn === 'number' ? `${expiresIn}s` : expiresIn)
    .sign(encoder.encode(secret));
}

/** What a verified token says: its subject, and when it expires (ms since epoch). */
export interface VerifiedJwt {
  subject: string;
  expiresAtMs: number;
}

/**
 * The token's subject and expiry, or null when it is forged, expired, for another issuer or audience,
 * or without an expiry or a subject: jose accepts a token without `exp` as never expiring,
 * so one signed once, or leaked, would work for ever. The bearer tokens and the internal
 * identities both verify through here.
 */
export async function verifyJwt(secret: string, token: string, expected: { issuer: string; audience: string }): Promise<VerifiedJwt | null> {
  try {
    const { payload } = await jwtVerify(token, encoder.encode(secret), {
      issuer: expected.issuer,
      audience: expected.audience,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
    });
    return typeof payload.sub === 'string' && payload.sub !== '' ? { subject: payload.sub, expiresAtMs: Number(payload.exp) * 1000 } : null;
  } catch {
    return null;
  }
}
