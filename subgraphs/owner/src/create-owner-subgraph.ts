import { createAuthTokens } from '@shopgraph/identity/auth-token';
import type { Logger } from '@shopgraph/telemetry/logger';
import { createCommandSubgraph, type BuiltCommandSubgraph, type CommandClients, type CommandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph';
import type { OwnerContext } from './context.js';
import { buildOwnerSchema } from './schema.js';

export interface OwnerSubgraphOptions extends CommandClients {
  logger: Logger;
  /** JWT_SECRET: the key of owners' bearer tokens. */
  settings: CommandSubgraphSettings & { jwtSecret: string };
}

/** Builds the owner subgraph (its GraphQL API and its outbox relay) from its clients; `listen` serves it. */
export function createOwnerSubgraph({ prisma, queue, logger, settings }: OwnerSubgraphOptions): BuiltCommandSubgraph {
  const tokens = createAuthTokens(settings.jwtSecret);
  return createCommandSubgraph<OwnerContext>({
    schema: 'owner',
    graphqlSchema: buildOwnerSchema(),
    prisma,
    queue,
    settings,
    logger,
    extendContext: (base) => ({ ...base, tokens }),
  });
}
