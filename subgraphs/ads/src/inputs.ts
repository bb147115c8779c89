import { z } from 'zod';
import { AREA_CODE } from '@shopgraph/ads-store/area-code';

export const MAX_CAMPAIGNS_PER_SHOP = 20;

const areaCode = z.string().regex(AREA_CODE, 'must be an area code of 2 to 40 characters a-z, 0-9 and -');

/** 1 to 20 area codes; one named twice is kept once. */
const areas = z
  .array(areaCode)
  .min(1, 'must name at least one area')
  .max(20, 'at most 20 areas')
  .transform((codes) => [...new Set(codes)]);
const bidPerClick = z.number().int('must be a whole number').min(100, 'at least 100').max(10_000, 'at most 10,000');
const dailyBudget = z.number().int('must be a whole number').min(100, 'at least 100').max(10_000_000, 'at most 10,000,000');

/** Non-null when given: GraphQL lets a client send null for an optional input field. */
const notNull = <T extends z.ZodType>(schema: T) => schema.optional().refine((v) => v !== null, 'must not be null');

/** Rules that span two fields, on whatever the campaign will hold once the input is applied. */
export const budgetProblem = (c: { bidPerClick: number; dailyBudget: number }) => (c.dailyBudget < c.bidPerClick ? 'must be at least bidPerClick' : undefined);
export const scheduleProblem = (c: { startsAt: Date; endsAt: Date | null }) => (c.endsAt !== null && c.endsAt <= c.startsAt ? 'must be later than startsAt' : undefined);

/** createAdCampaign's input, `startsAt` left out being `now` (the clock's). */
export const adCampaignInput = (now: Date) =>
  z
    .object({
      areas,
      bidPerClick,
      dailyBudget,
      startsAt: z
        .date()
        .nullish()
        .transform((value) => value ?? now),
      endsAt: z
        .date()
        .nullish()
        .transform((value) => value ?? null),
    })
    .superRefine((input, ctx) => {
      const budget = budgetProblem(input);
      if (budget) ctx.addIssue({ code: 'custom', message: budget, path: ['dailyBudget'] });
      const schedule = scheduleProblem(input);
      if (schedule) ctx.addIssue({ code: 'custom', message: schedule, path: ['endsAt'] });
    });

/**
 * updateAdCampaign's input: fields left out stay; `endsAt: null` clears the end. The rules that
 * span fields are checked against the stored campaign, in the statement that changes it.
 */
export const updateAdCampaignInput = z.object({
  areas: notNull(areas),
  bidPerClick: notNull(bidPerClick),
  dailyBudget: notNull(dailyBudget),
  startsAt: notNull(z.date()),
  endsAt: z.date().nullable().optional(),
});

export type AdCampaignInput = z.infer<ReturnType<typeof adCampaignInput>>;
export type UpdateAdCampaignInput = z.infer<typeof updateAdCampaignInput>;
