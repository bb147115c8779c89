import { commonEnv, subgraphEnv, serviceShellSettings, parseEnv, port, positiveInt } from '@shopgraph/config/env';
import { readModelEnv } from '@shopgraph/read-model';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commonEnv,
      ...subgraphEnv,
      ...readModelEnv,
      DISPLAY_PORT: port(4004),
      /** Last known documents served while the read-model Redis is unreachable: how many, and how old at most. */
      DISPLAY_LAST_KNOWN_MAX: positiveInt(5000),
      DISPLAY_LAST_KNOWN_MAX_AGE_MS: positiveInt(60_000),
      /** Shops one request may ask for, all fields, aliases and entities together; at least the gateway's GATEWAY_MAX_SHOPS. */
      DISPLAY_MAX_SHOPS: positiveInt(100),
    },
    env,
  );
  return Object.freeze({
    port: vars.DISPLAY_PORT,
    ...serviceShellSettings(vars),
    readModelRedisUrl: vars.READ_MODEL_REDIS_URL,
    readModelPrefix: vars.READ_MODEL_PREFIX,
    lastKnownMax: vars.DISPLAY_LAST_KNOWN_MAX,
    lastKnownMaxAgeMs: vars.DISPLAY_LAST_KNOWN_MAX_AGE_MS,
    maxShops: vars.DISPLAY_MAX_SHOPS,
  });
}

export type DisplayConfig = ReturnType<typeof loadConfig>;
