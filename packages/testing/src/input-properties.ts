import fc from 'fast-check';

/** Values a client can send in a JSON body for one field, the awkward ones weighted in. */
export const anyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom('', ' ', '\t\n', '\u0000', 'a\u0000b', '   padded   ', '😀'.repeat(60), 'x'.repeat(5000), '-1', '1e309', 'null', '<script>', "'; DROP TABLE shop; --"),
  fc.integer(),
  fc.constantFrom(-1, 0, 1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5, -0),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
);

/** What a parse of client input threw: a coded error, and the input field it names. */
function refusal(error: unknown): { code?: unknown; field?: unknown } {
  return (error as { extensions?: { code?: unknown; field?: unknown } })?.extensions ?? {};
}

export interface InputPropertyOptions<T> {
  /** Parses one input object as the mutation's resolver does (throws BAD_USER_INPUT). */
  parse: (input: unknown) => T;
  /** Inputs the mutation must accept. */
  valid: fc.Arbitrary<Record<string, unknown>>;
  /** The path the resolver names fields under, e.g. `input`. */
  path?: string;
  /** What every accepted input must satisfy once parsed. */
  invariant?: (parsed: T) => boolean;
  numRuns?: number;
}

/**
 * The properties every mutation's input validation must have:
 * - every valid input is accepted, and what comes out satisfies the invariant;
 * - a valid input with any one field replaced by any JSON value is either accepted (and
 *   satisfies the invariant) or refused with BAD_USER_INPUT naming that field — never
 *   another error, and never another field.
 */
export function checkInputProperties<T>({ parse, valid, path, invariant = () => true, numRuns = 300 }: InputPropertyOptions<T>): void {
  fc.assert(fc.property(valid, (input) => invariant(parse(input))), { numRuns });
  const perturbed = valid.filter((input) => Object.keys(input).length > 0).chain((input) => {
    const keys = Object.keys(input);
    return fc.tuple(fc.constant(input), fc.constantFrom(...keys), anyJsonValue);
  });
  fc.assert(
    fc.property(perturbed, ([input, key, value]) => {
      let parsed: T;
      try {
        parsed = parse({ ...input, [key]: value });
      } catch (error) {
        const { code, field } = refusal(error);
        const expected = path ? `${path}.${key}` : key;
        return code === 'BAD_USER_INPUT' && typeof field === 'string' && (field === expected || field.startsWith(`${expected}.`));
      }
      return invariant(parsed);
    }),
    { numRuns },
  );
}
