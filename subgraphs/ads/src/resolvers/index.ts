import { dateTimeScalar } from '@shopgraph/graphql-conventions/date-time';
import type { Resolvers } from '../generated/resolver-types.js';
import { campaignFields } from './campaign-fields.js';
import { campaignMutations } from './campaign-mutations.js';
import { entities, queries } from './queries.js';

/** The ads subgraph's resolver map: the campaign mutations, AdCampaign's derived fields, the internal queries, ManagedShop.adCampaigns. */
export const resolvers: Resolvers = {
  DateTime: dateTimeScalar,
  Query: queries,
  Mutation: campaignMutations,
  AdCampaign: campaignFields,
  ...entities,
};
