import { commonEnv, serviceShellSettings, databaseEnv, parseEnv, port, queueEnv } from '@shopgraph/kit/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv({ ...commonEnv, ...databaseEnv, ...queueEnv, SHOP_PORT: port(4002) }, env);
  return Object.freeze({
    port: vars.SHOP_PORT,
    ...serviceShellSettings(vars),
    databaseUrl: vars.DATABASE_URL,
    queueRedisUrl: vars.QUEUE_REDIS_URL,
    queuePrefix: vars.QUEUE_PREFIX,
  });
}

export type ShopConfig = ReturnType<typeof loadConfig>;
