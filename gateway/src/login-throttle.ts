import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '@shopgraph/redis-client/redis';
import { redisLimiter, type Throttle } from './redis-limiter.js';

/**
 * Failed log-ins allowed, after `rate-limiter-flexible`'s "login endpoint protection" recipe:
 * failures count, not attempts, so a correct log-in is never refused because someone at the
 * same address (an office, a mobile carrier's NAT) guessed at another account.
 */
export interface LoginThrottleSettings {
  /** Consecutive failures of one account from one address; a success starts again from zero. @default 10 per hour */
  failuresPerAccountAndAddress: Throttle;
  /**
   * Failures from one address, every account together: against one address trying many
   * accounts. An account that signed in from that address within `knownForSeconds` is not
   * held to it (its own limits still apply). @default 100 per day
   */
  failuresPerAddress: Throttle;
  /** How long a successful log-in makes its account known at that address. @default 30 days */
  knownForSeconds?: number;
  /** Failures of one account, every address together: against guessing one password from many addresses. @default 20 per hour */
  failuresPerAccount: Throttle;
}

/** How a log-in attempt ended, read from the gateway's answer. */
export type LoginOutcome = 'succeeded' | 'failed' | 'not-tried';

/** A log-in let through: its points are held until `settle` says how it ended. */
export interface LoginAttempt {
  settle(outcome: LoginOutcome): Promise<void>;
}

/** Over a limit: the attempt is refused before it reaches the owner subgraph. */
export class LoginRefused extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed log-ins; try again in ${retryAfterSeconds} s.`);
  }
}

export interface LoginThrottle {
  /** Holds one point on each limit, or throws `LoginRefused` (having released what it held). */
  attempt(account: string, address: string): Promise<LoginAttempt>;
}

/**
 * An attempt takes its point before it runs, so log-ins sent at once cannot all pass a check
 * made before any of them failed; how it ended decides what is kept: a failure keeps every
 * point, a success gives its points back, clears the account's count for that address and
 * makes the account known there, anything else (the owner subgraph down, bad input) gives them
 * back. A known account is let past its address's spent budget (never past its own limits),
 * so an owner who signs in from an office or a carrier's NAT is not refused because someone
 * there guessed at other accounts all day.
 */
export function createLoginThrottle(redis: RedisClient, prefix: string, settings: LoginThrottleSettings): LoginThrottle {
  const limiter = (name: string, throttle: Throttle) => redisLimiter(redis, prefix, name, throttle);
  const accountAndAddress = limiter('login-fail-account-address', settings.failuresPerAccountAndAddress);
  const byAddress = limiter('login-fail-address', settings.failuresPerAddress);
  const byAccount = limiter('login-fail-account', settings.failuresPerAccount);
  const knownKey = (pair: string) => `${prefix}:throttle:login-known:${pair}`;
  const knownForSeconds = settings.knownForSeconds ?? 30 * 86_400;
  /** Whether the account signed in from this address lately: then the address's budget, spent by others, is not its. */
  const known = (pair: string) => redis.exists(knownKey(pair)).then((count) => count === 1, () => false);

  return {
    async attempt(account, address) {
      const pair = `${account}|${address}`;
      // The pair first: an account locked for this address is refused without spending the address's budget.
      const held: [RateLimiterAbstract, string][] = [];
      for (const [limit, key] of [[accountAndAddress, pair], [byAccount, account], [byAddress, address]] as const) {
        try {
          await limit.consume(key);
          held.push([limit, key]);
        } catch (refusal) {
          // Guessing at other accounts from a shared address (a NAT) must not lock out an owner who signs in there.
          if (limit === byAddress && refusal instanceof RateLimiterRes && (await known(pair))) continue;
          await Promise.all(held.map(([l, k]) => l.reward(k)));
          if (!(refusal instanceof RateLimiterRes)) throw refusal;
          throw new LoginRefused(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
        }
      }
      return {
        async settle(outcome) {
          if (outcome === 'failed') return;
          if (outcome === 'succeeded') await Promise.all([accountAndAddress.delete(pair), redis.set(knownKey(pair), '1', 'EX', knownForSeconds)]);
          await Promise.all(held.filter(([limit]) => outcome === 'not-tried' || limit !== accountAndAddress).map(([l, k]) => l.reward(k)));
        },
      };
    },
  };
}
