import type { ApolloServerPlugin } from '@apollo/server';
import type { FieldNode } from 'graphql';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { requestError } from '@shopgraph/kit/errors';
import type { RedisClient } from '@shopgraph/kit/redis';
import type { GatewayContext } from './gateway-context.js';
import { argumentOf, rootFields } from './operation-arguments.js';

/** Attempts allowed per window. */
export interface Throttle {
  points: number;
  seconds: number;
}

/**
 * The public mutations anyone can call that cost the platform most, throttled per client
 * address (and `logIn` per account as well, against guessing one owner's password from
 * many addresses). Each attempt counts, whatever its outcome.
 */
export interface ThrottleSettings {
  /** @default 10 per minute */
  logInPerAddress: Throttle;
  /** @default 10 per 15 minutes */
  logInPerAccount: Throttle;
  /** @default 20 per hour */
  signUpPerAddress: Throttle;
  /** @default 10 per minute: every review re-projects its shop and evicts it from every cache. */
  writeReviewPerAddress: Throttle;
}

interface Limit {
  limiter: RateLimiterAbstract;
  key: (field: FieldNode, context: GatewayContext, variables: Record<string, unknown> | undefined) => string | undefined;
}

/**
 * Throttles on Redis (`rate-limiter-flexible`), so every gateway worker and instance counts
 * together; while Redis is down each worker counts alone in memory (the insurance limiter)
 * rather than letting everything through or refusing everyone.
 */
export function createThrottles(redis: RedisClient, prefix: string, settings: ThrottleSettings): Map<string, Limit[]> {
  const limiter = (name: string, { points, seconds }: Throttle) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:throttle:${name}`,
      points,
      duration: seconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${name}`, points, duration: seconds }),
    });
  const byAddress: Limit['key'] = (_field, context) => context.clientAddress;
  const byEmail: Limit['key'] = (field, _context, variables) => {
    const email = argumentOf(field, 'email', variables);
    return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : undefined;
  };
  return new Map([
    ['logIn', [
      { limiter: limiter('login-address', settings.logInPerAddress), key: byAddress },
      { limiter: limiter('login-account', settings.logInPerAccount), key: byEmail },
    ]],
    ['signUp', [{ limiter: limiter('signup-address', settings.signUpPerAddress), key: byAddress }]],
    ['writeReview', [{ limiter: limiter('review-address', settings.writeReviewPerAddress), key: byAddress }]],
  ]);
}

/**
 * Refuses a throttled mutation over its limit with TOO_MANY_REQUESTS (HTTP 429 and
 * Retry-After), before it reaches a subgraph.
 */
export function throttlePlugin(throttles: Map<string, Limit[]>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          for (const selection of rootFields(operation, document)) {
            for (const { limiter, key } of throttles.get(selection.name.value) ?? []) {
              const subject = key(selection, contextValue, request.variables);
              if (subject === undefined) continue;
              try {
                await limiter.consume(subject);
              } catch (refusal) {
                if (!(refusal instanceof RateLimiterRes)) throw refusal;
                const retryAfterSeconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
                throw requestError('TOO_MANY_REQUESTS', `Too many ${selection.name.value} attempts; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
              }
            }
          }
        },
      };
    },
  };
}
