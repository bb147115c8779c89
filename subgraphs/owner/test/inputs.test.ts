import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseInput } from '@shopgraph/graphql-conventions/validation';
import { checkInputProperties } from '@shopgraph/testing/input-properties';
import { logInInput, profileInput, signUpInput } from '../src/inputs.js';

const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);
const phone = fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1000, max: 9999 })).map(([b, c]) => `010-${b}-${c}`);
const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 20 });
const email = fc.tuple(word, word, fc.constantFrom('com', 'kr', 'dev')).map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
const isName = (value: unknown) => typeof value === 'string' && value === value.trim() && value.length >= 1 && [...value].length <= 50;

describe('owner mutations refuse bad input field by field, with BAD_USER_INPUT and nothing else', () => {
  it('signUp', () => {
    checkInputProperties({
      parse: (v) => parseInput(signUpInput, v, ['input']),
      valid: fc.record({ email, password: fc.string({ minLength: 8, maxLength: 200 }), name: text(50), phone: fc.option(phone, { nil: null }) }),
      path: 'input',
      invariant: (o) => o.email === o.email.toLowerCase() && o.email.includes('@') && o.password.length >= 8 && isName(o.name),
    });
  });

  it('logIn', () => {
    checkInputProperties({
      parse: (v) => parseInput(logInInput, v),
      valid: fc.record({ email, password: fc.string({ maxLength: 200 }) }),
      invariant: (o) => o.email.length <= 254 && o.password.length <= 200,
    });
  });

  it('updateProfile', () => {
    checkInputProperties({
      parse: (v) => parseInput(profileInput, v),
      valid: fc.record({ name: text(50), phone: fc.option(phone, { nil: null }) }, { requiredKeys: [] }),
      invariant: (o) => o.name === undefined || isName(o.name),
    });
  });
});
