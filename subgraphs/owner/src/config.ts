import { commonEnv, databaseEnv, parseEnv, port, queueEnv, secret } from '@shopgraph/kit/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commonEnv,
      ...databaseEnv,
      ...queueEnv,
      OWNER_PORT: port(4001),
      JWT_SECRET: secret('dev-jwt-secret-change-me-please'),
    },
    env,
  );
  return Object.freeze({
    port: vars.OWNER_PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    databaseUrl: vars.DATABASE_URL,
    queueRedisUrl: vars.QUEUE_REDIS_URL,
    queuePrefix: vars.QUEUE_PREFIX,
    jwtSecret: vars.JWT_SECRET,
    internalTokenSecret: vars.INTERNAL_TOKEN_SECRET,
  });
}

export type OwnerConfig = ReturnType<typeof loadConfig>;
