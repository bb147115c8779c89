import { z } from 'zod';
import { adsStoreEnv } from '@shopgraph/ads-store/ads-store-env';
import { commonEnv, flag, parseEnv, port, secret, serviceIdentityEnv, serviceShellSettings, serviceTokenSecret, subgraphEnv, url } from '@shopgraph/config/env';
import { queueEnv, queueSettings } from '@shopgraph/events/queue-settings';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commonEnv,
      ...subgraphEnv,
      ...serviceIdentityEnv,
      ...queueEnv,
      ...adsStoreEnv,
      ADS_SERVING_PORT: port(4008),
      /** The ads subgraph, whose internal API the serving projector reads campaigns from. */
      ADS_URL: url('http://127.0.0.1:4007/graphql'),
      /** Signs the tracking tokens of sponsored slots (recordAdClick verifies them). */
      ADS_TRACKING_TOKEN_SECRET: secret('dev-ads-tracking-token-secret-change-me'),
      /** Time between two reconciles of the serving store with the ads system, ms (a lost event is repaired within two); 0: never. */
      ADS_SERVING_RECONCILE_MS: z.coerce.number().int().min(0).default(60_000),
      /** How often the keeper checks that the serving store is there (its generation marker), ms. */
      ADS_SERVING_CHECK_MS: z.coerce.number().int().min(0).default(1000),
      /** Tests only (refused in production): POST /test/clock moves this process's clock. */
      ADS_TEST_CLOCK: flag(false),
    },
    env,
  );
  if (vars.ADS_TEST_CLOCK && vars.NODE_ENV === 'production') throw new Error('Invalid configuration:\n  ADS_TEST_CLOCK: a movable clock is for tests only (NODE_ENV=production)');
  return Object.freeze({
    port: vars.ADS_SERVING_PORT,
    ...serviceShellSettings(vars),
    serviceTokenSecret: serviceTokenSecret(vars),
    ...queueSettings(vars),
    adsRedisUrl: vars.ADS_REDIS_URL,
    adsStorePrefix: vars.ADS_STORE_PREFIX,
    adsUrl: vars.ADS_URL,
    trackingTokenSecret: vars.ADS_TRACKING_TOKEN_SECRET,
    reconcileIntervalMs: vars.ADS_SERVING_RECONCILE_MS,
    checkIntervalMs: vars.ADS_SERVING_CHECK_MS,
    testClock: vars.ADS_TEST_CLOCK,
  });
}

export type AdsServingConfig = ReturnType<typeof loadConfig>;
