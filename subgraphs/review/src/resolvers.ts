import { dateTimeScalar } from '@shopgraph/graphql-conventions/date-time';
import { Prisma } from '@shopgraph/db/create-prisma';
import { badInput, notFound } from '@shopgraph/graphql-conventions/errors';
import { requireService } from '@shopgraph/graphql-conventions/guards';
import { parseInput, toDbId } from '@shopgraph/graphql-conventions/validation';
import { RECORDED_EVENTS, recordEvents, runRecordedChange } from '@shopgraph/command-runtime/recorded-change';
import type { Resolvers } from './generated/resolver-types.js';
import { reviewInput } from './inputs.js';
import { reviewCounts, reviewSummaries, reviewSummary } from './review-summary.js';

const toReview = (row: { id: number; shopId: number; rating: number; text: string; author: string; createdAt: Date }) => ({
  ...row,
  id: String(row.id),
  shopId: String(row.shopId),
});

export const resolvers: Resolvers = {
  DateTime: dateTimeScalar,
  Query: {
    async reviewSummary(_, args, ctx) {
      requireService(ctx.identity);
      const shopId = toDbId(args.shopId);
      return shopId === null ? { shopId: args.shopId, count: 0, average: 0, recent: [] } : reviewSummary(ctx.prisma, shopId);
    },
    async reviewSummaries(_, args, ctx) {
      requireService(ctx.identity);
      if (args.shopIds.length > 500) throw badInput('shopIds', 'At most 500 ids per call.');
      return reviewSummaries(ctx.prisma, args.shopIds);
    },
    async reviewCounts(_, args, ctx) {
      requireService(ctx.identity);
      if (args.shopIds.length > 500) throw badInput('shopIds', 'At most 500 ids per call.');
      return reviewCounts(ctx.prisma, args.shopIds);
    },
  },
  Mutation: {
    async writeReview(_, args, ctx) {
      const input = parseInput(reviewInput, args.input, ['input']);
      const shopId = toDbId(args.shopId);
      // One statement: the review, if the review system's own record of live shops (kept from
      // shop events: no call to the shop subgraph) knows the shop, and its event.
      const [row] = await runRecordedChange<{ review: { id: number; shop_id: number; rating: number; text: string; author: string; created_at: string } }>(
        ctx,
        Prisma.sql`
          WITH known AS (
            SELECT shop_id FROM "review"."known_shop" WHERE shop_id = ${shopId ?? 0} AND NOT deleted
          ), created AS (
            INSERT INTO "review"."review" (shop_id, rating, text, author) SELECT shop_id, ${input.rating}, ${input.text}, ${input.author} FROM known
            RETURNING *
          ), recorded AS (
            ${recordEvents('review', 'review.written', Prisma.sql`jsonb_build_object('shopId', shop_id::text, 'reviewId', id::text)`, Prisma.sql`created`)}
          )
          SELECT row_to_json(created) AS review, ${RECORDED_EVENTS} FROM created`,
      );
      if (!row) throw notFound('No such shop.');
      const { id, shop_id, rating, text, author, created_at } = row.review;
      return toReview({ id, shopId: shop_id, rating, text, author, createdAt: new Date(created_at) });
    },
  },
};
