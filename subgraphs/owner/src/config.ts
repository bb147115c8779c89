import { commonEnv, subgraphEnv, serviceIdentityEnv, serviceShellSettings, serviceTokenSecret, databaseEnv, parseEnv, port, secret } from '@shopgraph/config/env';
import { queueEnv, queueSettings } from '@shopgraph/events/queue-settings';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commonEnv,
      ...subgraphEnv,
      ...serviceIdentityEnv,
      ...databaseEnv,
      ...queueEnv,
      OWNER_PORT: port(4001),
      JWT_SECRET: secret('dev-jwt-secret-change-me-please'),
    },
    env,
  );
  return Object.freeze({
    port: vars.OWNER_PORT,
    ...serviceShellSettings(vars),
    serviceTokenSecret: serviceTokenSecret(vars),
    databaseUrl: vars.DATABASE_URL,
    ...queueSettings(vars),
    jwtSecret: vars.JWT_SECRET,
  });
}

export type OwnerConfig = ReturnType<typeof loadConfig>;
