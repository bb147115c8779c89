import { z } from 'zod';
import { commonEnv, parseEnv, port, secret, url } from '@shopgraph/kit/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commonEnv,
      OWNER_PORT: port(4001),
      DATABASE_URL: url('postgresql://postgres@127.0.0.1:5432/shopgraph'),
      QUEUE_REDIS_URL: url('redis://127.0.0.1:6379'),
      QUEUE_PREFIX: z.string().default('shopgraph'),
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
