import { commonEnv, subgraphEnv, serviceIdentityEnv, serviceShellSettings, serviceTokenSecret, databaseEnv, parseEnv, port } from '@shopgraph/config/env';
import { queueEnv, queueSettings } from '@shopgraph/events/queue-settings';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv({ ...commonEnv, ...subgraphEnv, ...serviceIdentityEnv, ...databaseEnv, ...queueEnv, SHOP_PORT: port(4002) }, env);
  return Object.freeze({
    port: vars.SHOP_PORT,
    ...serviceShellSettings(vars),
    serviceTokenSecret: serviceTokenSecret(vars),
    databaseUrl: vars.DATABASE_URL,
    ...queueSettings(vars),
  });
}

export type ShopConfig = ReturnType<typeof loadConfig>;
