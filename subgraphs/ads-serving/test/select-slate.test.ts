import { describe, expect, it } from 'vitest';
import type { Candidate } from '@shopgraph/ads-store/read-candidates';
import { selectSlate } from '../src/serving/select-slate.js';

const NOW = Date.parse('2026-12-04T03:00:00.000Z');
const candidate = (campaignId: string, bid: number, overrides: Partial<Candidate> = {}): Candidate => ({
  campaignId,
  shopId: `shop-${campaignId}`,
  bid,
  startsAt: NOW - 1,
  endsAt: null,
  spent: false,
  ...overrides,
});
const ids = (slate: Candidate[]) => slate.map((c) => c.campaignId);

describe('selectSlate', () => {
  it('puts the highest bid first', () => {
    expect(ids(selectSlate([candidate('a', 900), candidate('b', 500), candidate('c', 300)], 2, NOW))).toEqual(['a', 'b']);
  });

  it('lets two equal bidders take turns: each gets the first slot 50 ± 10 % of 1,000 answers', () => {
    const firsts = { a: 0, b: 0 } as Record<string, number>;
    for (let i = 0; i < 1000; i += 1) firsts[selectSlate([candidate('a', 700), candidate('b', 700), candidate('c', 100)], 3, NOW)[0]!.campaignId]! += 1;
    expect(firsts.a).toBeGreaterThanOrEqual(400);
    expect(firsts.a).toBeLessThanOrEqual(600);
    expect(firsts.a! + firsts.b!).toBe(1000);
  });

  it('serves only campaigns started, not ended, with budget left', () => {
    const slate = selectSlate(
      [
        candidate('later', 900, { startsAt: NOW + 1 }),
        candidate('ended', 800, { endsAt: NOW }),
        candidate('spent', 700, { spent: true }),
        candidate('ending', 600, { endsAt: NOW + 1 }),
        candidate('started', 500, { startsAt: NOW }),
      ],
      5,
      NOW,
    );
    expect(ids(slate)).toEqual(['ending', 'started']);
  });

  it('gives a shop one slot, at its highest-bidding serving campaign', () => {
    const slate = selectSlate([candidate('a1', 900, { shopId: 'A', spent: true }), candidate('a2', 800, { shopId: 'A' }), candidate('b', 700, { shopId: 'B' }), candidate('a3', 600, { shopId: 'A' })], 3, NOW);
    expect(ids(slate)).toEqual(['a2', 'b']);
  });

  it('orders equal bids by the draw it is given', () => {
    const tied = [candidate('a', 500), candidate('b', 500), candidate('c', 500)];
    expect(ids(selectSlate(tied, 3, NOW, () => 0.99))).toEqual(['a', 'b', 'c']);
    expect(ids(selectSlate(tied, 3, NOW, () => 0))).toEqual(['b', 'c', 'a']);
  });
});
