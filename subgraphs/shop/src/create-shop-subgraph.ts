import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { startCommandSubgraph, type CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import type { ShopConfig } from './config.js';
import type { ShopContext } from './context.js';
import { buildShopSchema } from './schema.js';
import { createShopParts } from './shop-parts.js';

/** Starts the shop subgraph: shops, menus and promotions, and its outbox relay. */
export function startShopSubgraph(config: ShopConfig, logger: Logger = createLogger('shop', config.logLevel)): Promise<CommandSubgraph> {
  return startCommandSubgraph<ShopContext>({
    schema: 'shop',
    graphqlSchema: buildShopSchema(),
    config,
    logger,
    extendContext: (base) => ({ ...base, parts: createShopParts(base.prisma) }),
  });
}
