import { dateTimeScalar } from '@shopgraph/graphql-conventions/date-time';
import type { Resolvers } from '../generated/resolver-types.js';
import { menuMutations } from './menu-mutations.js';
import { promotionMutations } from './promotion-mutations.js';
import { entities, queries } from './queries.js';
import { shopMutations } from './shop-mutations.js';

/** The shop subgraph's resolver map: queries, the three groups of mutations, and entities. */
export const resolvers: Resolvers = {
  DateTime: dateTimeScalar,
  Query: queries,
  Mutation: { ...shopMutations, ...menuMutations, ...promotionMutations },
  ...entities,
};
