import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a tracking token says: the slot's campaign, shop and bid, and when it was served. */
export interface TrackingClaims {
  campaignId: string;
  shopId: string;
  /** The bid the slot was served at: what a click on it is charged. */
  bid: number;
  /** ms since the epoch. */
  issuedAt: number;
  /** Unique per slot served: a click is counted once per nonce. */
  nonce: string;
}

/** The contract's 30 minutes. */
export const TRACKING_TOKEN_TTL_MS = 30 * 60_000;
/** Longer than any token this service issues (ids of 10 digits, a bid of 5): anything longer is not one. */
const MAX_LENGTH = 120;
const SHAPE = /^([1-9]\d{0,9})\.([1-9]\d{0,9})\.([1-9]\d{2,4})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$/;

/**
 * The tracking tokens of sponsored slots: `<campaign>.<shop>.<bid>.<served at, base 36>.<nonce>.<mac>`,
 * where the MAC is HMAC-SHA-256 of the rest, cut to 128 bits, under a key only the serving
 * processes hold. A token can thus not be made up or changed (a higher bid, another campaign),
 * and needs no lookup to check; a fresh nonce per slot makes each one countable once.
 */
export function createTrackingTokens(secret: string) {
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest().subarray(0, 16);
  return {
    issue(claims: Omit<TrackingClaims, 'nonce'>): string {
      const payload = `${claims.campaignId}.${claims.shopId}.${claims.bid}.${claims.issuedAt.toString(36)}.${randomBytes(12).toString('base64url')}`;
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    /** The token's claims, or null when it was never issued here or was changed (expiry is the caller's to judge). */
    verify(token: string): TrackingClaims | null {
      if (token.length > MAX_LENGTH) return null;
      const match = SHAPE.exec(token);
      if (!match) return null;
      const [, campaignId, shopId, bid, issuedAt, nonce, signature] = match as unknown as [string, string, string, string, string, string, string];
      // Compared as text: a decoder ignores the last character's spare bits, so two texts can
      // decode to the same MAC (found by the property test), and a changed token must not pass.
      const expected = Buffer.from(mac(token.slice(0, token.lastIndexOf('.'))).toString('base64url'));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return { campaignId, shopId, bid: Number(bid), issuedAt: parseInt(issuedAt, 36), nonce };
    },
  };
}

export type TrackingTokens = ReturnType<typeof createTrackingTokens>;
