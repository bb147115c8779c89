import { commonEnv, serviceShellSettings, databaseEnv, parseEnv, port, queueEnv } from '@shopgraph/kit/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv({ ...commonEnv, ...databaseEnv, ...queueEnv, REVIEW_PORT: port(4003) }, env);
  return Object.freeze({
    port: vars.REVIEW_PORT,
    ...serviceShellSettings(vars),
    databaseUrl: vars.DATABASE_URL,
    queueRedisUrl: vars.QUEUE_REDIS_URL,
    queuePrefix: vars.QUEUE_PREFIX,
  });
}

export type ReviewConfig = ReturnType<typeof loadConfig>;
