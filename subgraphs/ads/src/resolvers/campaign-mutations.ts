import { Prisma } from '@shopgraph/db/create-prisma';
import { notFound } from '@shopgraph/graphql-conventions/errors';
import { requireOwner } from '@shopgraph/graphql-conventions/guards';
import { parseInput, toDbId } from '@shopgraph/graphql-conventions/validation';
import { changeCampaign, type CampaignColumn } from '../change-campaign.js';
import { createCampaign } from '../create-campaign.js';
import type { MutationResolvers } from '../generated/resolver-types.js';
import { adCampaignInput, updateAdCampaignInput, type UpdateAdCampaignInput } from '../inputs.js';

const STATUSES = new Set(['ACTIVE', 'PAUSED']);

/** The new values an update gives, as SQL by column; a field left out is no column. */
function columnsOf(input: UpdateAdCampaignInput): Partial<Record<CampaignColumn, Prisma.Sql>> {
  return {
    ...(input.areas !== undefined ? { areas: Prisma.sql`${input.areas}::text[]` } : {}),
    ...(input.bidPerClick !== undefined ? { bid_per_click: Prisma.sql`${input.bidPerClick}::int` } : {}),
    ...(input.dailyBudget !== undefined ? { daily_budget: Prisma.sql`${input.dailyBudget}::int` } : {}),
    ...(input.startsAt !== undefined ? { starts_at: Prisma.sql`${input.startsAt}::timestamptz` } : {}),
    ...(input.endsAt !== undefined ? { ends_at: Prisma.sql`${input.endsAt}::timestamptz` } : {}),
  };
}

export const campaignMutations: MutationResolvers = {
  async createAdCampaign(_, args, ctx) {
    const ownerId = Number(requireOwner(ctx.identity));
    const input = parseInput(adCampaignInput(new Date(ctx.clock.now())), args.input, ['input']);
    return createCampaign(ctx, ownerId, toDbId(args.shopId), input);
  },

  async updateAdCampaign(_, args, ctx) {
    const ownerId = Number(requireOwner(ctx.identity));
    const input = parseInput(updateAdCampaignInput, args.input, ['input']);
    return changeCampaign(ctx, ownerId, toDbId(args.id), { set: columnsOf(input), event: 'ad.campaign.updated' });
  },

  async setAdCampaignStatus(_, args, ctx) {
    const ownerId = Number(requireOwner(ctx.identity));
    if (!STATUSES.has(args.status)) throw notFound('No such status.');
    return changeCampaign(ctx, ownerId, toDbId(args.id), {
      set: { status: Prisma.sql`${args.status}::"ads"."AdCampaignStatus"` },
      event: args.status === 'PAUSED' ? 'ad.campaign.paused' : 'ad.campaign.resumed',
    });
  },
};
