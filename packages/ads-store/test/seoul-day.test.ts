import { describe, expect, it } from 'vitest';
import { endOfSeoulDay, seoulDay } from '../src/seoul-day.js';

describe('the Asia/Seoul day', () => {
  it('turns at 15:00 UTC, midnight in Seoul', () => {
    expect(seoulDay(Date.parse('2026-12-04T14:59:59.999Z'))).toBe('2026-12-04');
    expect(seoulDay(Date.parse('2026-12-04T15:00:00.000Z'))).toBe('2026-12-05');
  });

  it('ends at the next Seoul midnight', () => {
    expect(new Date(endOfSeoulDay(Date.parse('2026-12-04T03:00:00.000Z'))).toISOString()).toBe('2026-12-04T15:00:00.000Z');
    expect(new Date(endOfSeoulDay(Date.parse('2026-12-04T15:00:00.000Z'))).toISOString()).toBe('2026-12-05T15:00:00.000Z');
  });
});
