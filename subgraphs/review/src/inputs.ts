import { z } from 'zod';
import { text } from '@shopgraph/graphql-conventions/validation';

export const reviewInput = z.object({
  rating: z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  text: text(2000),
  author: text(30),
});
