import { z } from 'zod';
import { optionalText, phone, text } from '@shopgraph/graphql-conventions/validation';

export const signUpInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'at most 254 characters')
    .pipe(z.email('must be an email address')),
  password: z.string().min(8, 'at least 8 characters').max(200, 'at most 200 characters'),
  name: text(50),
  phone: phone().nullish().transform((value) => value ?? null),
});

export const profileInput = z.object({
  name: text(50).optional(),
  // null clears the phone number; undefined leaves it as it is.
  phone: phone().nullish(),
});

export const logInInput = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});

export const ownerName = optionalText(50);
