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
      REVIEW_PORT: port(4003),
      /** The shop subgraph, whose internal APIs the known-shops reconcile pages through. */
      SHOP_URL: url('http://127.0.0.1:4002/graphql'),
      /** Time between two known-shops reconciles, ms (a lost event is repaired within two); 0: never. */
      REVIEW_SHOPS_RECONCILE_MS: z.coerce.number().int().min(0).default(60_000),
    },
    env,
  );
  return Object.freeze({
    port: vars.REVIEW_PORT,
    ...serviceShellSettings(vars),
    serviceTokenSecret: serviceTokenSecret(vars),
    databaseUrl: vars.DATABASE_URL,
    ...queueSettings(vars),
    shopUrl: vars.SHOP_URL,
    reconcileIntervalMs: vars.REVIEW_SHOPS_RECONCILE_MS,
  });
}

export type ReviewConfig = ReturnType<typeof loadConfig>;
