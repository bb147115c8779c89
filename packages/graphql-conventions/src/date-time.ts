import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Why a string is not a date-time this API accepts, or undefined. `Date.parse` alone
 * would roll impossible dates over (2026-02-30 becomes March 2, T24:00 the next day) and
 * accept years PostgreSQL cannot store (0000), so every part is checked.
 */
function problemWith(value: string): string | undefined {
  const match = ISO.exec(value);
  if (!match) return 'must be an ISO-8601 date-time such as 2026-11-25T09:30:00.000Z';
  const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  if (year! < 1970) return 'must be in 1970 or later';
  if (month! < 1 || month! > 12) return 'has no such month';
  if (day! < 1 || day! > daysIn(year!, month!)) return 'has no such day in that month';
  if (hour! > 23 || minute! > 59 || second > 59) return 'has no such time of day';
  if (match[9] && (Number(match[10]) > 14 || Number(match[11]) > 59)) return 'has no such UTC offset';
  return undefined;
}

function parse(value: unknown): Date {
  const problem = typeof value === 'string' ? problemWith(value) : 'must be a string';
  if (problem) throw badInput('DateTime', `DateTime ${problem}.`);
  return new Date(value as string);
}

/** ISO-8601 date-times, always answered in UTC with milliseconds. */
export const dateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC, e.g. 2026-11-25T09:30:00.000Z.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string' || typeof value === 'number') return new Date(value).toISOString();
    throw new TypeError('DateTime cannot represent this value');
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime', 'DateTime must be a string.');
    return parse(ast.value);
  },
});
