import type { PrismaClient } from '@shopgraph/db/create-prisma';
import type { RequestContext } from '@shopgraph/service-shell/graphql-service';

export interface SearchContext extends RequestContext {
  prisma: PrismaClient;
}
