import { commonEnv, databaseEnv, parseEnv, port, queueEnv } from '@shopgraph/kit/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv({ ...commonEnv, ...databaseEnv, ...queueEnv, SHOP_PORT: port(4002) }, env);
  return Object.freeze({
    port: vars.SHOP_PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    databaseUrl: vars.DATABASE_URL,
    queueRedisUrl: vars.QUEUE_REDIS_URL,
    queuePrefix: vars.QUEUE_PREFIX,
    internalTokenSecret: vars.INTERNAL_TOKEN_SECRET,
  });
}

export type ShopConfig = ReturnType<typeof loadConfig>;
