import { commonEnv, serviceShellSettings, databaseEnv, parseEnv, port, queueEnv, queueSettings } from '@shopgraph/kit/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv({ ...commonEnv, ...databaseEnv, ...queueEnv, REVIEW_PORT: port(4003) }, env);
  return Object.freeze({
    port: vars.REVIEW_PORT,
    ...serviceShellSettings(vars),
    databaseUrl: vars.DATABASE_URL,
    ...queueSettings(vars),
  });
}

export type ReviewConfig = ReturnType<typeof loadConfig>;
