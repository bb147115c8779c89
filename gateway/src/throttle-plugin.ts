import type { ApolloServerPlugin } from '@apollo/server';
import type { FieldNode } from 'graphql';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { requestError } from '@shopgraph/graphql-conventions/errors';
import type { RedisClient } from '@shopgraph/redis-client/redis';
import type { GatewayContext } from './gateway-context.js';
import { LoginRefused, type LoginAttempt, type LoginOutcome, type LoginThrottle, type LoginThrottleSettings } from './login-throttle.js';
import { argumentOf, rootFields } from './operation-arguments.js';
import { redisLimiter, type Throttle } from './redis-limiter.js';

/**
 * The public mutations anyone can call that cost the platform most, throttled per client
 * address: each attempt counts, whatever its outcome. `logIn` counts failures instead
 * (login-throttle.ts).
 */
export interface ThrottleSettings {
  logIn: LoginThrottleSettings;
  /** @default 20 per hour */
  signUpPerAddress: Throttle;
  /** @default 10 per minute: every review re-projects its shop and evicts it from every cache. */
  writeReviewPerAddress: Throttle;
  /** @default 300 per minute: each `searchShops` (each alias) is a query on PostgreSQL, never cached. */
  searchShopsPerAddress: Throttle;
  /** @default 60 per minute: each `recordAdClick` (each alias) may charge an owner's budget. */
  adClickPerAddress: Throttle;
}

interface Limit {
  limiter: RateLimiterAbstract;
  key: (field: FieldNode, context: GatewayContext, variables: Record<string, unknown> | undefined) => string | undefined;
}

/** The per-address throttles, by the root field they count (`rate-limiter-flexible`, see redis-limiter.ts). */
export function createThrottles(redis: RedisClient, prefix: string, settings: ThrottleSettings): Map<string, Limit[]> {
  const limiter = (name: string, throttle: Throttle) => redisLimiter(redis, prefix, name, throttle);
  const byAddress: Limit['key'] = (_field, context) => context.clientAddress;
  return new Map([
    ['signUp', [{ limiter: limiter('signup-address', settings.signUpPerAddress), key: byAddress }]],
    ['writeReview', [{ limiter: limiter('review-address', settings.writeReviewPerAddress), key: byAddress }]],
    ['searchShops', [{ limiter: limiter('search-address', settings.searchShopsPerAddress), key: byAddress }]],
    ['recordAdClick', [{ limiter: limiter('ad-click-address', settings.adClickPerAddress), key: byAddress }]],
  ]);
}

/** One account however its address is written. */
function accountOf(field: FieldNode, variables: Record<string, unknown> | undefined): string | undefined {
  const email = argumentOf(field, 'email', variables);
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : undefined;
}

/** How the `logIn` answered under `responseKey` ended: only a refused password counts against anyone. */
function loginOutcome(result: { data?: Record<string, unknown> | null; errors?: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] }, responseKey: string): LoginOutcome {
  if (result.data?.[responseKey] != null) return 'succeeded';
  const refused = result.errors?.some((error) => error.path?.[0] === responseKey && error.extensions?.code === 'UNAUTHENTICATED');
  return refused ? 'failed' : 'not-tried';
}

/**
 * Refuses a throttled mutation over its limit with TOO_MANY_REQUESTS (HTTP 429 and
 * Retry-After), before it reaches a subgraph. A `logIn` is let through while its account,
 * address and pair have failures left, and settled from the answer once it has run.
 */
export function throttlePlugin(throttles: Map<string, Limit[]>, login?: LoginThrottle): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const logIns: { responseKey: string; attempt: LoginAttempt }[] = [];
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          // Queries too: `searchShops` is throttled (the limits are keyed by root field name).
          if (!operation) return;
          for (const selection of rootFields(operation, document)) {
            const account = login && selection.name.value === 'logIn' ? accountOf(selection, request.variables) : undefined;
            if (login && account !== undefined) {
              try {
                logIns.push({ responseKey: selection.alias?.value ?? selection.name.value, attempt: await login.attempt(account, contextValue.clientAddress) });
              } catch (refusal) {
                if (!(refusal instanceof LoginRefused)) throw refusal;
                throw requestError('TOO_MANY_REQUESTS', refusal.message, { retryAfterSeconds: refusal.retryAfterSeconds });
              }
            }
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
        async willSendResponse({ response }) {
          // Also after a refusal further on: a log-in that never ran gives its points back.
          const result = response.body.kind === 'single' ? response.body.singleResult : {};
          // Points not given back (Redis gone meanwhile) only make the throttle stricter: never fail the answer for it.
          await Promise.all(logIns.splice(0).map(({ responseKey, attempt }) => attempt.settle(loginOutcome(result, responseKey)).catch(() => {})));
        },
      };
    },
  };
}
