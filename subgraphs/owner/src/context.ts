import type { PrismaClient } from '@shopgraph/db/create-prisma';
import type { AuthTokens } from '@shopgraph/kit/auth-token';
import type { RequestContext } from '@shopgraph/kit/graphql-service';
import type { Identity } from '@shopgraph/kit/identity';

export interface OwnerContext extends RequestContext {
  identity: Identity;
  prisma: PrismaClient;
  tokens: AuthTokens;
  /** Publish events written by this request's transaction without waiting for the next poll. */
  eventsCommitted(): void;
}
