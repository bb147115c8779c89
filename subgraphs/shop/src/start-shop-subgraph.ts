import { createLogger, type Logger } from '@shopgraph/telemetry/logger';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { startCommandSubgraph } from '@shopgraph/command-runtime/start-command-subgraph';
import type { ShopConfig } from './config.js';
import { createShopSubgraph } from './create-shop-subgraph.js';

/** Runs the shop subgraph from its configuration: its clients opened, built, listening (main, and tests that run it whole). */
export function startShopSubgraph(config: ShopConfig, logger: Logger = createLogger('shop', config.logLevel)): Promise<CommandSubgraph> {
  return startCommandSubgraph(config, logger, (clients) => createShopSubgraph({ ...clients, logger, settings: config }));
}
