import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';
import { codedError } from '@shopgraph/graphql-conventions/errors';

// OWASP's scrypt minimum (N=2^17, r=8, p=1) needs 128 MiB per hash; this N=2^15
// variant keeps sign-up under ~100 ms on 2 cores while staying memory-hard.
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const KEY_LENGTH = 32;

// Hashes run on libuv's 4 threads, which file system and DNS work shares: two at a time
// leave room for the rest, and a burst (a log-in flood from many addresses, which the
// gateway's per-address throttle does not stop) waits in a short queue or is refused at
// once instead of stalling the subgraph behind hundreds of 32 MiB hashes.
const HASHES_AT_ONCE = 2;
const HASHES_WAITING = 32;
const hashing = pLimit(HASHES_AT_ONCE);

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

/** `scrypt$N$r$p$salt$hash`, base64; the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Compared against when the email is unknown, so both failures take the same time. */
export const DUMMY_HASH = await hashPassword(randomBytes(12).toString('hex'));
