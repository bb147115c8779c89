import { Prisma } from '@shopgraph/db/create-prisma';
import { RECORDED_EVENTS, recordEvents, runRecordedChange } from '@shopgraph/command-runtime/recorded-change';
import { badInput, forbidden, notFound } from '@shopgraph/graphql-conventions/errors';
import { fromCampaignRow, type CampaignRowJson } from './campaign.js';
import type { AdsContext } from './context.js';
import { MAX_CAMPAIGNS_PER_SHOP, type AdCampaignInput } from './inputs.js';

interface Outcome {
  ownerId: number | null;
  deleted: boolean | null;
  created: CampaignRowJson | null;
}

/**
 * Creates a campaign as ONE statement that counts it on the ads system's record of the shop
 * only where the shop exists, belongs to the signed-in owner and has room for another
 * campaign, inserts it and records `ad.campaign.created`; when a check fails it changes
 * nothing. The count is an UPDATE's condition, not a subquery's: concurrent creates for one
 * shop queue on the row and each re-checks the count the previous one left (a `count(*)`
 * read in the same statement would see the snapshot from before the wait, and let 23 of 24
 * concurrent creates through; measured).
 */
async function tryCreate(ctx: AdsContext, ownerId: number, shopId: number, input: AdCampaignInput): Promise<Outcome> {
  const [outcome] = await runRecordedChange<Outcome>(
    ctx,
    Prisma.sql`
      WITH target AS (
        SELECT shop_id, owner_id, deleted FROM "ads"."known_shop" WHERE shop_id = ${shopId}
      ), counted AS (
        UPDATE "ads"."known_shop" SET campaigns = campaigns + 1
        WHERE shop_id = ${shopId} AND owner_id = ${ownerId} AND NOT deleted AND campaigns < ${MAX_CAMPAIGNS_PER_SHOP}
        RETURNING shop_id
      ), created AS (
        INSERT INTO "ads"."campaign" (shop_id, areas, bid_per_click, daily_budget, starts_at, ends_at)
        SELECT shop_id, ${input.areas}::text[], ${input.bidPerClick}::int, ${input.dailyBudget}::int, ${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz FROM counted
        RETURNING *
      ), recorded AS (
        ${recordEvents('ads', 'ad.campaign.created', Prisma.sql`jsonb_build_object('campaignId', id::text, 'shopId', shop_id::text)`, Prisma.sql`created`)}
      )
      SELECT (SELECT owner_id FROM target) AS "ownerId",
             (SELECT deleted FROM target) AS "deleted",
             (SELECT row_to_json(created) FROM created) AS "created",
             ${RECORDED_EVENTS}`,
  );
  return outcome ?? { ownerId: null, deleted: null, created: null };
}

/**
 * createAdCampaign: a shop the ads system has not heard of yet (its `shop.created` still on
 * the way) is looked up in the shop system first, rather than refused.
 */
export async function createCampaign(ctx: AdsContext, ownerId: number, shopId: number | null, input: AdCampaignInput) {
  if (shopId === null) throw notFound('No such shop.');
  let outcome = await tryCreate(ctx, ownerId, shopId, input);
  if (outcome.ownerId === null) {
    await ctx.knownShops.learn(shopId);
    outcome = await tryCreate(ctx, ownerId, shopId, input);
  }
  if (outcome.ownerId === null || outcome.deleted) throw notFound('No such shop.');
  if (outcome.ownerId !== ownerId) throw forbidden('You do not own this shop.');
  if (!outcome.created) throw badInput('shopId', `A shop has at most ${MAX_CAMPAIGNS_PER_SHOP} ad campaigns.`);
  return fromCampaignRow(outcome.created);
}
