import { z } from 'zod';
import { commonEnv, subgraphEnv, serviceIdentityEnv, serviceShellSettings, serviceTokenSecret, databaseEnv, parseEnv, port, url } from '@shopgraph/config/env';
import { queueEnv, queueSettings } from '@shopgraph/events/queue-settings';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commonEnv,
      ...subgraphEnv,
      ...serviceIdentityEnv,
      ...databaseEnv,
      ...queueEnv,
      SEARCH_PORT: port(4006),
      SHOP_URL: url('http://127.0.0.1:4002/graphql'),
      /** Time between two search index reconciles, ms (a lost event is repaired within two); 0: never. */
      SEARCH_RECONCILE_MS: z.coerce.number().int().min(0).default(300_000),
    },
    env,
  );
  return Object.freeze({
    port: vars.SEARCH_PORT,
    ...serviceShellSettings(vars),
    serviceTokenSecret: serviceTokenSecret(vars),
    databaseUrl: vars.DATABASE_URL,
    ...queueSettings(vars),
    shopUrl: vars.SHOP_URL,
    reconcileIntervalMs: vars.SEARCH_RECONCILE_MS,
  });
}

export type SearchConfig = ReturnType<typeof loadConfig>;
