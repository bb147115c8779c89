import type { ServingFacts } from './serving-state.js';

/** A campaign as the serving store holds it: what the serving rules and a click's charge read. */
export interface CampaignState extends Omit<ServingFacts, 'spentToday'> {
  campaignId: string;
  shopId: string;
  category: string;
  areas: string[];
  /** The campaign's version and its shop's (as the ads system knew it): writes are ordered by both. */
  campaignVersion: number;
  shopVersion: number;
}

/** One day's counters of a campaign. */
export interface DayCounters {
  day: string;
  spent: number;
  clicks: number;
  impressions: number;
}

/** Whether the campaign belongs in its areas' rankings at all: the time and budget rules are checked when serving. */
export const isRanked = (state: CampaignState, now: number) => state.shopOpen && state.status === 'ACTIVE' && (state.endsAt === null || state.endsAt > now);

/** Less than one click of the day's budget is left. */
export const isSpent = (state: Pick<CampaignState, 'bidPerClick' | 'dailyBudget'>, spent: number) => state.dailyBudget - spent < state.bidPerClick;
