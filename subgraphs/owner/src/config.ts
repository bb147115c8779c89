import { z } from 'zod';
import { commandSubgraphEnv, commandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph-config';
import { parseEnv, port, secret } from '@shopgraph/config/env';
import { DEFAULT_PASSWORD_HASH_COST, MIN_PRODUCTION_PASSWORD_HASH_COST } from './passwords.js';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commandSubgraphEnv,
      OWNER_PORT: port(4001),
      JWT_SECRET: secret('dev-jwt-secret-change-me-please'),
      // log2 of scrypt's N (memory 2^cost × 1 KiB): 17 is OWASP's minimum at r=8, 10 only for test stacks.
      PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(17).default(DEFAULT_PASSWORD_HASH_COST),
    },
    env,
  );
  if (vars.NODE_ENV === 'production' && vars.PASSWORD_HASH_COST < MIN_PRODUCTION_PASSWORD_HASH_COST) {
    throw new Error(`Invalid configuration:\n  PASSWORD_HASH_COST: at least ${MIN_PRODUCTION_PASSWORD_HASH_COST} when NODE_ENV=production (lower costs are for test stacks)`);
  }
  return Object.freeze({
    port: vars.OWNER_PORT,
    ...commandSubgraphSettings(vars),
    jwtSecret: vars.JWT_SECRET,
    passwordHashCost: vars.PASSWORD_HASH_COST,
  });
}

export type OwnerConfig = ReturnType<typeof loadConfig>;
