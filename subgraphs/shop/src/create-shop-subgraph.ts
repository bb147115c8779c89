import type { Logger } from '@shopgraph/telemetry/logger';
import { createCommandSubgraph, type BuiltCommandSubgraph, type CommandClients, type CommandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph';
import type { ShopContext } from './context.js';
import { buildShopSchema } from './schema.js';
import { createShopParts } from './shop-parts.js';

export interface ShopSubgraphOptions extends CommandClients {
  logger: Logger;
  settings: CommandSubgraphSettings;
}

/** Builds the shop subgraph (shops, menus and promotions, and its outbox relay) from its clients; `listen` serves it. */
export function createShopSubgraph({ prisma, queue, logger, settings }: ShopSubgraphOptions): BuiltCommandSubgraph {
  return createCommandSubgraph<ShopContext>({
    schema: 'shop',
    graphqlSchema: buildShopSchema(),
    prisma,
    queue,
    settings,
    logger,
    extendContext: (base) => ({ ...base, parts: createShopParts(base.prisma) }),
  });
}
