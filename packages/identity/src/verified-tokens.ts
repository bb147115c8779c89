/**
 * Tokens found valid, remembered until they expire: callers send the same token again and
 * again (an owner's bearer token for a week, a signer's identity for a minute), and checking
 * its HMAC again through WebCrypto, with the key imported each time, was a sixth of what a
 * display read cost and an eighth of the gateway's CPU on an owner's update. Only the exact
 * text that was verified is recognised, its expiry is checked on every use as the
 * verification would, and a token that failed is never remembered. Bounded: emptied when full.
 */
export function createVerifiedTokens<T>(max: number) {
  const verified = new Map<string, { value: T; expiresAtMs: number }>();
  return {
    /** What the token was verified as, if it was and has not expired since. */
    recall(token: string): T | undefined {
      const known = verified.get(token);
      return known && known.expiresAtMs > Date.now() ? known.value : undefined;
    },
    remember(token: string, value: T, expiresAtMs: number): void {
      if (verified.size >= max) verified.clear();
      verified.set(token, { value, expiresAtMs });
    },
  };
}
