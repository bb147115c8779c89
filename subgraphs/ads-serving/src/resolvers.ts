import type { Resolvers } from './generated/resolver-types.js';

/** The ads serving subgraph's resolver map: slates from the serving store, and clicks on them. */
export const resolvers: Resolvers = {
  Query: {
    sponsoredShops: (_, args, ctx) => ctx.sponsoredShops(args.area, args.category ?? null, args.first),
  },
  Mutation: {
    recordAdClick: (_, args, ctx) => ctx.recordClick(args.trackingToken),
  },
};
