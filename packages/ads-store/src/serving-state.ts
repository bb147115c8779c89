/** Why a campaign is or is not shown (the contract's AdServingState). */
export type ServingState = 'SERVING' | 'SCHEDULED' | 'PAUSED' | 'BUDGET_SPENT' | 'ENDED' | 'SHOP_NOT_OPEN';

/** What the serving rules read of a campaign: its own settings, its shop, and what it spent today. */
export interface ServingFacts {
  status: 'ACTIVE' | 'PAUSED';
  /** ms since the epoch. */
  startsAt: number;
  /** ms since the epoch; null: runs until paused. */
  endsAt: number | null;
  bidPerClick: number;
  dailyBudget: number;
  /** KRW charged today (Asia/Seoul). */
  spentToday: number;
  /** The shop is OPEN (and not deleted). */
  shopOpen: boolean;
}

/**
 * The serving rules, in the contract's order (the first that applies): the shop must be
 * OPEN, the campaign ACTIVE, not ended and started by the clock (no event needed: a campaign
 * ending at 18:00 is gone at 18:00), with at least one click's worth of today's budget left.
 * The one rule both the owners' `servingState` and the sponsored slots are decided by.
 */
export function servingStateOf(facts: ServingFacts, now: number): ServingState {
  if (!facts.shopOpen) return 'SHOP_NOT_OPEN';
  if (facts.status === 'PAUSED') return 'PAUSED';
  if (facts.endsAt !== null && facts.endsAt <= now) return 'ENDED';
  if (facts.startsAt > now) return 'SCHEDULED';
  if (facts.dailyBudget - facts.spentToday < facts.bidPerClick) return 'BUDGET_SPENT';
  return 'SERVING';
}
