import { commandSubgraphEnv, commandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph-config';
import { parseEnv, port, secret } from '@shopgraph/config/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commandSubgraphEnv,
      OWNER_PORT: port(4001),
      JWT_SECRET: secret('dev-jwt-secret-change-me-please'),
    },
    env,
  );
  return Object.freeze({
    port: vars.OWNER_PORT,
    ...commandSubgraphSettings(vars),
    jwtSecret: vars.JWT_SECRET,
  });
}

export type OwnerConfig = ReturnType<typeof loadConfig>;
