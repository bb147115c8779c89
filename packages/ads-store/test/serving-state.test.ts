import { describe, expect, it } from 'vitest';
import { servingStateOf, type ServingFacts } from '../src/serving-state.js';

const NOW = Date.parse('2026-12-04T03:00:00.000Z');
const serving: ServingFacts = { status: 'ACTIVE', startsAt: NOW - 1000, endsAt: NOW + 1000, bidPerClick: 500, dailyBudget: 10_000, spentToday: 0, shopOpen: true };

describe('servingStateOf', () => {
  it('serves an active, started, unended campaign with budget left, of an open shop', () => {
    expect(servingStateOf(serving, NOW)).toBe('SERVING');
    expect(servingStateOf({ ...serving, endsAt: null }, NOW)).toBe('SERVING');
  });

  it('starts at startsAt and ends at endsAt by the clock alone', () => {
    expect(servingStateOf({ ...serving, startsAt: NOW + 1 }, NOW)).toBe('SCHEDULED');
    expect(servingStateOf({ ...serving, startsAt: NOW }, NOW)).toBe('SERVING');
    expect(servingStateOf({ ...serving, endsAt: NOW }, NOW)).toBe('ENDED');
    expect(servingStateOf({ ...serving, endsAt: NOW + 1 }, NOW)).toBe('SERVING');
  });

  it('stops when less than one click of today’s budget is left', () => {
    expect(servingStateOf({ ...serving, spentToday: 9_500 }, NOW)).toBe('SERVING');
    expect(servingStateOf({ ...serving, spentToday: 9_501 }, NOW)).toBe('BUDGET_SPENT');
  });

  it('says the first reason that applies, in the contract’s order', () => {
    const everything: ServingFacts = { ...serving, shopOpen: false, status: 'PAUSED', endsAt: NOW - 1, startsAt: NOW + 1, spentToday: 10_000 };
    expect(servingStateOf(everything, NOW)).toBe('SHOP_NOT_OPEN');
    expect(servingStateOf({ ...everything, shopOpen: true }, NOW)).toBe('PAUSED');
    expect(servingStateOf({ ...everything, shopOpen: true, status: 'ACTIVE' }, NOW)).toBe('ENDED');
    expect(servingStateOf({ ...everything, shopOpen: true, status: 'ACTIVE', endsAt: null }, NOW)).toBe('SCHEDULED');
    expect(servingStateOf({ ...everything, shopOpen: true, status: 'ACTIVE', endsAt: null, startsAt: NOW }, NOW)).toBe('BUDGET_SPENT');
  });
});
