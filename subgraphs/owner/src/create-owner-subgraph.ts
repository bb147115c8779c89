import { createAuthTokens } from '@shopgraph/kit/auth-token';
import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { startCommandSubgraph, type CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import type { OwnerConfig } from './config.js';
import type { OwnerContext } from './context.js';
import { buildOwnerSchema } from './schema.js';

/** Starts the owner subgraph: its GraphQL API and its outbox relay. */
export function startOwnerSubgraph(
  config: OwnerConfig,
  logger: Logger = createLogger('owner', config.logLevel),
): Promise<CommandSubgraph> {
  const tokens = createAuthTokens(config.jwtSecret);
  return startCommandSubgraph<OwnerContext>({
    schema: 'owner',
    graphqlSchema: buildOwnerSchema(),
    config,
    logger,
    extendContext: (base) => ({ ...base, tokens }),
  });
}
