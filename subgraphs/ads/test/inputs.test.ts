import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInput } from '@shopgraph/graphql-conventions/validation';
import { checkInputProperties } from '@shopgraph/testing/input-properties';
import { adCampaignInput, updateAdCampaignInput } from '../src/inputs.js';

const NOW = new Date('2026-12-04T03:00:00.000Z');
const area = fc.stringMatching(/^[a-z0-9-]{2,40}$/);
const isArea = (value: unknown) => typeof value === 'string' && /^[a-z0-9-]{2,40}$/.test(value);
const instant = fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2040-01-01') }).map((ms) => new Date(ms));

// Budgets of at least 10,000 (the highest bid) and schedules whose end follows any start the
// perturbation could give: one field replaced can then only break its own rules, so every
// refusal must name that field. The rules that span two fields are checked apart, below.
const campaign = {
  areas: fc.array(area, { minLength: 1, maxLength: 20 }),
  bidPerClick: fc.integer({ min: 100, max: 10_000 }),
  dailyBudget: fc.integer({ min: 10_000, max: 10_000_000 }),
  startsAt: fc.option(instant.filter((d) => d < new Date('2039-01-01')), { nil: null }),
  endsAt: fc.option(fc.integer({ min: Date.parse('2040-01-02'), max: Date.parse('2050-01-01') }).map((ms) => new Date(ms)), { nil: null }),
};

type Parsed = { areas?: string[]; bidPerClick?: number; dailyBudget?: number; startsAt?: Date | null; endsAt?: Date | null };
const isAreas = (areas: unknown) => Array.isArray(areas) && areas.length >= 1 && areas.length <= 20 && areas.every(isArea) && new Set(areas).size === areas.length;
const isBid = (bid: unknown) => Number.isInteger(bid) && (bid as number) >= 100 && (bid as number) <= 10_000;
const isBudget = (budget: unknown) => Number.isInteger(budget) && (budget as number) >= 100 && (budget as number) <= 10_000_000;
/** Every rule holds; `partial`: fields left out of an update are not checked, nor rules that span fields (the statement checks those). */
const invariant = (c: Parsed, partial = false) =>
  (partial && c.areas === undefined ? true : isAreas(c.areas)) &&
  (partial && c.bidPerClick === undefined ? true : isBid(c.bidPerClick)) &&
  (partial && c.dailyBudget === undefined ? true : isBudget(c.dailyBudget)) &&
  (partial || (c.dailyBudget! >= c.bidPerClick! && c.startsAt instanceof Date && (c.endsAt === null || c.endsAt! > c.startsAt)));

describe('campaign mutations refuse bad input field by field, with BAD_USER_INPUT and nothing else', () => {
  it('createAdCampaign', () => {
    checkInputProperties({ parse: (v) => parseInput(adCampaignInput(NOW), v, ['input']), valid: fc.record(campaign), path: 'input', invariant: (c) => invariant(c) });
  });

  it('updateAdCampaign', () => {
    checkInputProperties({ parse: (v) => parseInput(updateAdCampaignInput, v, ['input']), valid: fc.record(campaign, { requiredKeys: [] }).map((input) => Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== null || key === 'endsAt'))), path: 'input', invariant: (c) => invariant(c, true) });
  });
});

describe('the rules that span fields', () => {
  it('name dailyBudget when it is below the bid, and endsAt when it is not after startsAt (startsAt left out is now)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 10_000 }), fc.integer({ min: 100, max: 10_000_000 }), fc.option(instant, { nil: undefined }), instant, (bid, budget, startsAt, endsAt) => {
        const input = { areas: ['seoul-gangnam'], bidPerClick: bid, dailyBudget: budget, startsAt, endsAt };
        const start = startsAt ?? NOW;
        const expected = budget < bid ? 'input.dailyBudget' : endsAt <= start ? 'input.endsAt' : undefined;
        let field: unknown;
        try {
          parseInput(adCampaignInput(NOW), input, ['input']);
        } catch (error) {
          field = (error as { extensions?: { field?: unknown; code?: unknown } }).extensions?.field;
          expect((error as { extensions?: { code?: unknown } }).extensions?.code).toBe('BAD_USER_INPUT');
        }
        expect(field).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
