import { commonEnv, databaseEnv, parseEnv, port, queueEnv } from '@shopgraph/kit/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv({ ...commonEnv, ...databaseEnv, ...queueEnv, REVIEW_PORT: port(4003) }, env);
  return Object.freeze({
    port: vars.REVIEW_PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    databaseUrl: vars.DATABASE_URL,
    queueRedisUrl: vars.QUEUE_REDIS_URL,
    queuePrefix: vars.QUEUE_PREFIX,
    internalTokenSecret: vars.INTERNAL_TOKEN_SECRET,
  });
}

export type ReviewConfig = ReturnType<typeof loadConfig>;
