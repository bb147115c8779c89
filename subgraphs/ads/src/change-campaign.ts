import { Prisma } from '@shopgraph/db/create-prisma';
import type { EventName } from '@shopgraph/events/events';
import { RECORDED_EVENTS, recordEvents, runRecordedChange } from '@shopgraph/command-runtime/recorded-change';
import { badInput, forbidden, notFound } from '@shopgraph/graphql-conventions/errors';
import { fromCampaignRow, type CampaignRowJson } from './campaign.js';
import type { AdsContext } from './context.js';

type CampaignEvent = Extract<EventName, `ad.campaign.${string}`>;

/** The campaign's columns a change may set. */
export type CampaignColumn = 'areas' | 'bid_per_click' | 'daily_budget' | 'starts_at' | 'ends_at' | 'status';

export interface CampaignChange {
  /** New values as SQL, by column; a column left out keeps its value. */
  set: Partial<Record<CampaignColumn, Prisma.Sql>>;
  event: CampaignEvent;
}

interface Outcome {
  ownerId: number | null;
  deleted: boolean | null;
  /** The input field the change would break a rule on (the campaign's values once changed). */
  problem: 'dailyBudget' | 'endsAt' | null;
  changed: CampaignRowJson | null;
  current: CampaignRowJson | null;
}

const COLUMNS: readonly CampaignColumn[] = ['areas', 'bid_per_click', 'daily_budget', 'starts_at', 'ends_at', 'status'];

/**
 * The one path by which an existing campaign changes, as ONE statement: it locks the campaign,
 * checks that it exists and that its shop belongs to the signed-in owner and still exists,
 * works out the campaign as the change would leave it, checks the rules that span fields on
 * that (dailyBudget at least bidPerClick, endsAt later than startsAt), and only then applies
 * it, bumps `version` and records the event — or changes nothing and records nothing. A change
 * to the values the campaign already has is no change: no new version, no event.
 */
export async function changeCampaign(ctx: AdsContext, ownerId: number, campaignId: number | null, change: CampaignChange) {
  const proposed = COLUMNS.map((column) => Prisma.sql`${change.set[column] ?? Prisma.raw(`c.${column}`)} AS ${Prisma.raw(column)}`);
  const [outcome] = await runRecordedChange<Outcome>(
    ctx,
    Prisma.sql`
      WITH target AS (
        SELECT c.id, k.owner_id, k.deleted FROM "ads"."campaign" c LEFT JOIN "ads"."known_shop" k ON k.shop_id = c.shop_id
        WHERE c.id = ${campaignId ?? 0} FOR UPDATE OF c
      ), allowed AS (
        SELECT id FROM target WHERE owner_id = ${ownerId} AND NOT deleted
      ), proposed AS (
        SELECT c.id, ${Prisma.join(proposed)} FROM "ads"."campaign" c JOIN allowed USING (id)
      ), problem AS (
        SELECT CASE WHEN daily_budget < bid_per_click THEN 'dailyBudget' WHEN ends_at IS NOT NULL AND ends_at <= starts_at THEN 'endsAt' END AS field FROM proposed
      ), changed AS (
        UPDATE "ads"."campaign" c SET areas = p.areas, bid_per_click = p.bid_per_click, daily_budget = p.daily_budget,
          starts_at = p.starts_at, ends_at = p.ends_at, status = p.status, version = c.version + 1, updated_at = now()
        FROM proposed p
        WHERE c.id = p.id AND (SELECT field FROM problem) IS NULL
          AND (c.areas, c.bid_per_click, c.daily_budget, c.starts_at, c.ends_at, c.status) IS DISTINCT FROM (p.areas, p.bid_per_click, p.daily_budget, p.starts_at, p.ends_at, p.status)
        RETURNING c.*
      ), recorded AS (
        ${recordEvents('ads', change.event, Prisma.sql`jsonb_build_object('campaignId', id::text, 'shopId', shop_id::text)`, Prisma.sql`changed`)}
      )
      SELECT (SELECT owner_id FROM target) AS "ownerId",
             (SELECT deleted FROM target) AS "deleted",
             (SELECT field FROM problem) AS "problem",
             (SELECT row_to_json(changed) FROM changed) AS "changed",
             (SELECT row_to_json(c) FROM "ads"."campaign" c JOIN allowed USING (id)) AS "current",
             ${RECORDED_EVENTS}`,
  );
  if (!outcome || outcome.ownerId === null || outcome.deleted) throw notFound('No such ad campaign.');
  if (outcome.ownerId !== ownerId) throw forbidden('You do not own this ad campaign.');
  if (outcome.problem === 'dailyBudget') throw badInput('input.dailyBudget', 'input.dailyBudget: must be at least bidPerClick');
  if (outcome.problem === 'endsAt') throw badInput('input.endsAt', 'input.endsAt: must be later than startsAt');
  // `current` is the campaign as the statement found it: the answer when nothing changed.
  return fromCampaignRow((outcome.changed ?? outcome.current)!);
}
