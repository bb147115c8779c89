import { createAuthTokens } from '@shopgraph/identity/auth-token';
import type { Logger } from '@shopgraph/telemetry/logger';
import { createCommandSubgraph, type BuiltCommandSubgraph, type CommandClients, type CommandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph';
import type { OwnerContext } from './context.js';
import { createPasswords } from './passwords.js';
import { buildOwnerSchema } from './schema.js';

export interface OwnerSubgraphOptions extends CommandClients {
  logger: Logger;
  /** JWT_SECRET: the key of owners' bearer tokens; PASSWORD_HASH_COST: log2 of scrypt's N for new password hashes. */
  settings: CommandSubgraphSettings & { jwtSecret: string; passwordHashCost?: number };
}

/** Builds the owner subgraph (its GraphQL API and its outbox relay) from its clients; `listen` serves it. */
export function createOwnerSubgraph({ prisma, queue, logger, settings }: OwnerSubgraphOptions): BuiltCommandSubgraph {
  const tokens = createAuthTokens(settings.jwtSecret);
  const passwords = createPasswords(settings.passwordHashCost);
  return createCommandSubgraph<OwnerContext>({
    schema: 'owner',
    graphqlSchema: buildOwnerSchema(),
    prisma,
    queue,
    settings,
    logger,
    extendContext: (base) => ({ ...base, tokens, passwords }),
  });
}
