import { dateTimeScalar } from '@shopgraph/kit/date-time';
import { menuMutations } from './menu-mutations.js';
import { promotionMutations } from './promotion-mutations.js';
import { entities, queries } from './queries.js';
import { shopMutations } from './shop-mutations.js';

/** The shop subgraph's resolver map: queries, the three groups of mutations, and entities. */
export const resolvers = {
  DateTime: dateTimeScalar,
  Query: queries,
  Mutation: { ...shopMutations, ...menuMutations, ...promotionMutations },
  ...entities,
};
