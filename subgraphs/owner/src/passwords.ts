import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';
import { codedError } from '@shopgraph/graphql-conventions/errors';

/**
 * log2 of scrypt's N for new hashes. OWASP's minimum (N=2^17, r=8, p=1) needs 128 MiB per
 * hash; the default 2^15 keeps sign-up under ~100 ms on 2 cores (170 ms on the slowest box
 * seen) while staying memory-hard. Lower costs exist for test stacks, whose thousands of
 * sign-ups and log-ins would otherwise spend minutes hashing; production refuses them (config.ts).
 */
export const DEFAULT_PASSWORD_HASH_COST = 15;
export const MIN_PRODUCTION_PASSWORD_HASH_COST = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

// Hashes run on libuv's 4 threads, which file system and DNS work shares: two at a time
// leave room for the rest, and a burst (a log-in flood from many addresses, which the
// gateway's per-address throttle does not stop) waits in a short queue or is refused at
// once instead of stalling the subgraph behind hundreds of 32 MiB hashes. Per process, as
// the threads are.
const HASHES_AT_ONCE = 2;
const HASHES_WAITING = 32;
const hashing = pLimit(HASHES_AT_ONCE);

/** scrypt needs 128·N·r bytes; twice that leaves room for its own bookkeeping. */
const paramsOf = (N: number, r: number, p: number): ScryptOptions => ({ N, r, p, maxmem: 2 * 128 * N * r });

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  if (hashing.pendingCount >= HASHES_WAITING) {
    return Promise.reject(codedError('TOO_MANY_REQUESTS', 'Too many sign-ins at once; try again in a few seconds.', { retryAfter: 2 }));
  }
  return hashing(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, params, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

/** Hashes new passwords at one cost and checks stored ones at whatever cost they were made with. */
export interface Passwords {
  /** `scrypt$N$r$p$salt$hash`, base64; the parameters travel with the hash so the cost can change later. */
  hash(password: string): Promise<string>;
  /** Whether `password` is the one `stored` was made from; with no stored hash (unknown email), false after as long a check. */
  verify(password: string, stored: string | undefined): Promise<boolean>;
}

export function createPasswords(cost: number = DEFAULT_PASSWORD_HASH_COST): Passwords {
  const params = paramsOf(2 ** cost, R, P);
  async function hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, params);
    return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
  }
  // Compared against when the email is unknown, so both failures take the same time. Made on
  // libuv's threads while the service starts, not awaited: start-up once waited ~170 ms for it.
  const dummy = hash(randomBytes(12).toString('hex'));
  dummy.catch(() => {}); // a failure shows where it is awaited
  return {
    hash,
    async verify(password, stored) {
      const [scheme, N, r, p, salt, expectedKey] = (stored ?? (await dummy)).split('$');
      if (scheme !== 'scrypt' || !salt || !expectedKey) return false;
      const expected = Buffer.from(expectedKey, 'base64');
      const actual = await derive(password, Buffer.from(salt, 'base64'), paramsOf(Number(N), Number(r), Number(p)));
      return stored !== undefined && actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}
