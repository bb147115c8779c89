import { commandSubgraphEnv, commandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph-config';
import { parseEnv, port } from '@shopgraph/config/env';

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnv({ ...commandSubgraphEnv, SHOP_PORT: port(4002) }, env);
  return Object.freeze({
    port: vars.SHOP_PORT,
    ...commandSubgraphSettings(vars),
  });
}

export type ShopConfig = ReturnType<typeof loadConfig>;
