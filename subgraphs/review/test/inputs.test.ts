import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseInput } from '@shopgraph/graphql-conventions/validation';
import { checkInputProperties } from '@shopgraph/testing/input-properties';
import { reviewInput } from '../src/inputs.js';

const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);

describe('writeReview refuses bad input field by field, with BAD_USER_INPUT and nothing else', () => {
  it('writeReview', () => {
    checkInputProperties({
      parse: (v) => parseInput(reviewInput, v, ['input']),
      valid: fc.record({ rating: fc.integer({ min: 1, max: 5 }), text: text(2000), author: text(30) }),
      path: 'input',
      invariant: (r) => Number.isInteger(r.rating) && r.rating >= 1 && r.rating <= 5 && r.text === r.text.trim() && r.text.length >= 1 && [...r.author].length <= 30,
    });
  });
});
