import { z } from 'zod';
import { badInput } from './errors.js';

/**
 * Parses resolver input with a zod schema; the first problem becomes a BAD_USER_INPUT
 * error whose `extensions.field` names the offending input field (e.g. `input.price`).
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, path: string[] = []): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = [...path, ...issue.path.map(String)].join('.');
  throw badInput(field || 'input', `${field || 'input'}: ${issue.message}`);
}

/** Trimmed text of 1..max characters (zod counts code points: an emoji is one). */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

/** Optional free text: empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .nullish()
    .transform((value) => (value ? value : null));

/** A Korean phone number: 02-123-4567, 010-1234-5678, 0212345678, +82-10-1234-5678. */
export const phone = () =>
  z
    .string()
    .trim()
    .regex(/^(\+82-?|0)\d{1,2}-?\d{3,4}-?\d{4}$/, 'must be a phone number such as 010-1234-5678');

/** An amount in KRW. */
export const krw = (max = 10_000_000) => z.number().int('must be a whole number').min(0, 'must be at least 0').max(max, `at most ${max}`);

/**
 * The database id behind a public ID (decimal integers), or null for a string that
 * cannot be one: callers answer NOT_FOUND, as for any other unknown id.
 */
export function toDbId(value: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(value)) return null;
  const n = Number(value);
  return n <= 2_147_483_647 ? n : null;
}
