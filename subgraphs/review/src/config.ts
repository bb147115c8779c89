import { z } from 'zod';
import { commandSubgraphEnv, commandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph-config';
import { parseEnv, port, url } from '@shopgraph/config/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv(
    {
      ...commandSubgraphEnv,
      REVIEW_PORT: port(4003),
      /** The shop subgraph, whose internal APIs the known-shops reconcile pages through. */
      SHOP_URL: url('http://127.0.0.1:4002/graphql'),
      /** Time between two known-shops reconciles, ms (a lost event is repaired within two); 0: never. */
      REVIEW_SHOPS_RECONCILE_MS: z.coerce.number().int().min(0).default(60_000),
    },
    env,
  );
  return Object.freeze({
    port: vars.REVIEW_PORT,
    ...commandSubgraphSettings(vars),
    shopUrl: vars.SHOP_URL,
    reconcileIntervalMs: vars.REVIEW_SHOPS_RECONCILE_MS,
  });
}

export type ReviewConfig = ReturnType<typeof loadConfig>;
