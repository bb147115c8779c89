import { z } from 'zod';
import { krw, optionalText, phone, text } from '@shopgraph/graphql-conventions/validation';

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
const CATEGORIES = [
  'KOREAN', 'CHINESE', 'JAPANESE', 'WESTERN', 'CHICKEN', 'PIZZA', 'BUNSIK',
  'JOKBAL_BOSSAM', 'JJIM_TANG', 'CAFE_DESSERT', 'FAST_FOOD', 'ASIAN', 'LUNCHBOX', 'NIGHT_SNACK',
] as const;

export const MAX_MENU_ITEMS = 300;
export const MAX_OPEN_PROMOTIONS = 50;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM between 00:00 and 23:59');

const openingHours = z
  .array(
    z
      .object({ day: z.enum(DAYS), opens: hhmm, closes: hhmm })
      .refine((entry) => entry.opens !== entry.closes, { message: 'closes must differ from opens', path: ['closes'] }),
  )
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      if (seen.has(entry.day)) ctx.addIssue({ code: 'custom', message: `${entry.day} appears more than once`, path: [index, 'day'] });
      seen.add(entry.day);
    });
  })
  // Stored in week order, so every reader sees the same order.
  .transform((entries) => [...entries].sort((a, b) => DAYS.indexOf(a.day) - DAYS.indexOf(b.day)));

/** Non-null when given: GraphQL lets a client send null for an optional input field. */
const notNull = <T extends z.ZodType>(schema: T) => schema.optional().refine((v) => v !== null, 'must not be null');

export const createShopInput = z.object({
  name: text(50),
  category: z.enum(CATEGORIES),
  description: optionalText(500),
  phone: phone(),
  address: text(200),
  minOrderAmount: krw().nullish().transform((v) => v ?? 0),
  deliveryTip: krw().nullish().transform((v) => v ?? 0),
  openingHours: openingHours.nullish().transform((v) => v ?? []),
  notice: optionalText(1000),
});

export const updateShopInput = z.object({
  name: notNull(text(50)),
  category: notNull(z.enum(CATEGORIES)),
  description: optionalText(500).optional(),
  phone: notNull(phone()),
  address: notNull(text(200)),
  minOrderAmount: notNull(krw()),
  deliveryTip: notNull(krw()),
  openingHours: notNull(openingHours),
  notice: optionalText(1000).optional(),
});

export const menuItemInput = z.object({
  name: text(50),
  description: optionalText(500),
  price: krw(),
  soldOut: z.boolean().nullish().transform((v) => v ?? false),
  popular: z.boolean().nullish().transform((v) => v ?? false),
});

export const updateMenuItemInput = z.object({
  name: notNull(text(50)),
  description: optionalText(500).optional(),
  price: notNull(krw()),
  soldOut: notNull(z.boolean()),
  popular: notNull(z.boolean()),
});

export const promotionInput = z
  .object({
    title: text(100),
    description: optionalText(500),
    startsAt: z.date(),
    endsAt: z.date(),
  })
  .refine((p) => p.endsAt > p.startsAt, { message: 'endsAt must be later than startsAt', path: ['endsAt'] })
  .refine((p) => p.endsAt.getTime() > Date.now(), { message: 'endsAt must be in the future', path: ['endsAt'] });
