import fc from 'fast-check';
import { GraphQLError, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { dateTimeScalar } from '../src/date-time.js';

const parse = (value: unknown) => dateTimeScalar.parseValue(value);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Every part in range: the instant the text names. */
const validDateTime = fc
  .record({
    year: fc.integer({ min: 1970, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    dayFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    ms: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ year, month, dayFraction, hour, minute, second, ms }) => {
    const day = 1 + Math.floor(dayFraction * daysIn(year, month));
    return {
      text: `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(ms, 3)}Z`,
      utc: Date.UTC(year, month - 1, day, hour, minute, second, ms),
    };
  });

const refusedAsBadInput = (value: unknown) => {
  try {
    parse(value);
    return false;
  } catch (error) {
    return error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT';
  }
};

describe('DateTime', () => {
  it('accepts every real UTC date-time and means exactly that instant', () => {
    fc.assert(fc.property(validDateTime, ({ text, utc }) => parse(text).getTime() === utc));
  });

  it('refuses impossible dates instead of rolling them over', () => {
    for (const text of ['2026-02-30T00:00:00Z', '2026-02-29T00:00:00Z', '2026-04-31T12:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-11-25T24:00:00Z', '2026-11-25T23:60:00Z', '2026-11-25T23:59:60Z', '0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2026-11-25T10:00:00+25:00']) {
      expect(refusedAsBadInput(text), text).toBe(true);
    }
    expect(parse('2028-02-29T00:00:00Z').toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('answers anything else with BAD_USER_INPUT, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything()), (value) => {
        try {
          parse(value);
          return typeof value === 'string';
        } catch (error) {
          return error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT';
        }
      }),
    );
    expect(() => dateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1' })).toThrow(GraphQLError);
  });
});
