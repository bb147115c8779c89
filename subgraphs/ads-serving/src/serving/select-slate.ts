import type { Candidate } from '@shopgraph/ads-store/read-candidates';

/**
 * The slots of one answer from an area's highest bids (in bid order, every tie at the cut
 * included): only campaigns started and not ended by the clock, with budget left today; highest
 * bid first; equal bids in an order drawn anew for every answer, so they take turns (two equal
 * bidders each get the first slot half the time); each shop once, at its highest-bidding
 * campaign. `random` is Math.random unless a test gives one.
 */
export function selectSlate(candidates: readonly Candidate[], first: number, now: number, random: () => number = Math.random): Candidate[] {
  const serving = candidates.filter((c) => c.startsAt <= now && (c.endsAt === null || now < c.endsAt) && !c.spent);
  const byBid = new Map<number, Candidate[]>();
  for (const candidate of serving) byBid.set(candidate.bid, [...(byBid.get(candidate.bid) ?? []), candidate]);
  const slate: Candidate[] = [];
  const shops = new Set<string>();
  for (const bid of [...byBid.keys()].sort((a, b) => b - a)) {
    for (const candidate of shuffled(byBid.get(bid)!, random)) {
      if (slate.length === first) return slate;
      if (shops.has(candidate.shopId)) continue;
      shops.add(candidate.shopId);
      slate.push(candidate);
    }
  }
  return slate;
}

/** Fisher–Yates: every order equally likely. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
