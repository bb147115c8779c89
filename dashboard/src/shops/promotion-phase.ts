export type PromotionPhase = 'scheduled' | 'running' | 'ended';

/** Where a promotion stands at `now`: the API's rule, running while startsAt <= now < endsAt. */
export function promotionPhase(promotion: { startsAt: string; endsAt: string }, now: number): PromotionPhase {
  if (now < Date.parse(promotion.startsAt)) return 'scheduled';
  return now < Date.parse(promotion.endsAt) ? 'running' : 'ended';
}
