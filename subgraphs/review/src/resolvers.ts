import { dateTimeScalar } from '@shopgraph/kit/date-time';
import { event } from '@shopgraph/events/events';
import { badInput, notFound } from '@shopgraph/kit/errors';
import { requireService } from '@shopgraph/kit/guards';
import { parseInput, toDbId } from '@shopgraph/kit/validation';
import type { CommandContext } from '@shopgraph/outbox/command-subgraph';
import { reviewInput } from './inputs.js';
import { reviewSummaries, reviewSummary } from './review-summary.js';


const toReview = (row: { id: number; shopId: number; rating: number; text: string; author: string; createdAt: Date }) => ({
  ...row,
  id: String(row.id),
  shopId: String(row.shopId),
});

export const resolvers = {
  DateTime: dateTimeScalar,
  Query: {
    async reviewSummary(_: unknown, args: { shopId: string }, ctx: CommandContext) {
      requireService(ctx.identity);
      const shopId = toDbId(args.shopId);
      return shopId === null ? { shopId: args.shopId, count: 0, average: 0, recent: [] } : reviewSummary(ctx.prisma, shopId);
    },
    async reviewSummaries(_: unknown, args: { shopIds: string[] }, ctx: CommandContext) {
      requireService(ctx.identity);
      if (args.shopIds.length > 500) throw badInput('shopIds', 'At most 500 ids per call.');
      return reviewSummaries(ctx.prisma, args.shopIds);
    },
  },
  Mutation: {
    async writeReview(_: unknown, args: { shopId: string; input: unknown }, ctx: CommandContext) {
      const input = parseInput(reviewInput, args.input, ['input']);
      const shopId = toDbId(args.shopId);
      const row = await ctx.prisma.$transaction(async (tx) => {
        // The review system's own record of live shops, kept from shop events: no call to the shop subgraph.
        const known = shopId === null ? null : await tx.knownShop.findUnique({ where: { shopId } });
        if (!known || known.deleted) throw notFound('No such shop.');
        const review = await tx.review.create({ data: { ...input, shopId: known.shopId } });
        const written = event('review.written', { shopId: String(review.shopId), reviewId: String(review.id) });
        await tx.reviewOutbox.create({ data: { event: written.name, payload: written.payload } });
        return review;
      });
      ctx.eventsCommitted();
      return toReview(row);
    },
  },
};
