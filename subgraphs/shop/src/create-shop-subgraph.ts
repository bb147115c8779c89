import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { startCommandSubgraph, type CommandSubgraph } from '@shopgraph/outbox/command-subgraph';
import type { ShopConfig } from './config.js';
import { buildShopSchema } from './schema.js';

/** Starts the shop subgraph: shops, menus and promotions, and its outbox relay. */
export function startShopSubgraph(config: ShopConfig, logger: Logger = createLogger('shop', config.logLevel)): Promise<CommandSubgraph> {
  return startCommandSubgraph({ schema: 'shop', graphqlSchema: buildShopSchema(), config, logger });
}
