import { z } from 'zod';
import { adsStoreEnv, adsTestClockEnv, testClockSetting } from '@shopgraph/ads-store/ads-store-env';
import { commonEnv, parseEnv, port, secret, serviceIdentityEnv, serviceShellSettings, serviceTokenSecret, subgraphEnv, url } from '@shopgraph/config/env';
import { queueEnv, queueSettings } from '@shopgraph/events/queue-settings';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commonEnv,
      ...subgraphEnv,
      ...serviceIdentityEnv,
      ...queueEnv,
      ...adsStoreEnv,
      ...adsTestClockEnv,
      ADS_SERVING_PORT: port(4008),
      /** The ads subgraph, whose internal API the serving projector reads campaigns from. */
      ADS_URL: url('http://127.0.0.1:4007/graphql'),
      /** Signs the tracking tokens of sponsored slots (recordAdClick verifies them). */
      ADS_TRACKING_TOKEN_SECRET: secret('dev-ads-tracking-token-secret-change-me'),
      /** Time between two reconciles of the serving store with the ads system, ms (a lost event is repaired within two); 0: never. */
      ADS_SERVING_RECONCILE_MS: z.coerce.number().int().min(0).default(60_000),
      /** How often the keeper checks that the serving store is there (its generation marker), ms. */
      ADS_SERVING_CHECK_MS: z.coerce.number().int().min(0).default(1000),
    },
    env,
  );
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
    testClock: testClockSetting(vars),
  });
}

export type AdsServingConfig = ReturnType<typeof loadConfig>;
