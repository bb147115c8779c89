import { z } from 'zod';
import { adsStoreEnv, adsTestClockEnv, testClockSetting } from '@shopgraph/ads-store/ads-store-env';
import { commandSubgraphEnv, commandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph-config';
import { parseEnv, port, url } from '@shopgraph/config/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commandSubgraphEnv,
      ...adsStoreEnv,
      ...adsTestClockEnv,
      ADS_PORT: port(4007),
      /** The shop subgraph, whose internal APIs the ads system reads its record of shops from. */
      SHOP_URL: url('http://127.0.0.1:4002/graphql'),
      /** Time between two known-shops reconciles, ms (a lost shop event is repaired within two); 0: never. */
      ADS_SHOPS_RECONCILE_MS: z.coerce.number().int().min(0).default(300_000),
      /** Pause of the click recorder between rounds with nothing more to move, ms: how far PostgreSQL's counters trail the serving store's. */
      ADS_CLICK_RECORD_MS: z.coerce.number().int().positive().default(250),
    },
    env,
  );
  return Object.freeze({
    port: vars.ADS_PORT,
    ...commandSubgraphSettings(vars),
    shopUrl: vars.SHOP_URL,
    reconcileIntervalMs: vars.ADS_SHOPS_RECONCILE_MS,
    adsRedisUrl: vars.ADS_REDIS_URL,
    adsStorePrefix: vars.ADS_STORE_PREFIX,
    clickRecordIntervalMs: vars.ADS_CLICK_RECORD_MS,
    testClock: testClockSetting(vars),
  });
}

export type AdsConfig = ReturnType<typeof loadConfig>;
