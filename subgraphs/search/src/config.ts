import { z } from 'zod';
import { commandSubgraphEnv, commandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph-config';
import { parseEnv, port, url } from '@shopgraph/config/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commandSubgraphEnv,
      SEARCH_PORT: port(4006),
      SHOP_URL: url('http://127.0.0.1:4002/graphql'),
      /** Time between two search index reconciles, ms (a lost event is repaired within two); 0: never. */
      SEARCH_RECONCILE_MS: z.coerce.number().int().min(0).default(300_000),
    },
    env,
  );
  return Object.freeze({
    port: vars.SEARCH_PORT,
    ...commandSubgraphSettings(vars),
    shopUrl: vars.SHOP_URL,
    reconcileIntervalMs: vars.SEARCH_RECONCILE_MS,
  });
}

export type SearchConfig = ReturnType<typeof loadConfig>;
