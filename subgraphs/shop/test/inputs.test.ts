import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseInput } from '@shopgraph/graphql-conventions/validation';
import { checkInputProperties } from '@shopgraph/testing/input-properties';
import { createShopInput, menuItemInput, promotionInput, updateMenuItemInput, updateShopInput } from '../src/inputs.js';

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const phone = fc.tuple(fc.constantFrom('010', '02', '031'), fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1000, max: 9999 })).map(([a, b, c]) => `${a}-${b}-${c}`);
const krw = fc.integer({ min: 0, max: 10_000_000 });
const openingHours = fc
  .uniqueArray(fc.constantFrom(...DAYS), { maxLength: 7 })
  .chain((days) => fc.tuple(...days.map((day) => fc.tuple(hhmm, hhmm).filter(([o, c]) => o !== c).map(([opens, closes]) => ({ day, opens, closes })))));

const isText = (value: unknown, max: number) => typeof value === 'string' && value === value.trim() && value.length >= 1 && [...value].length <= max;
const isOptionalText = (value: unknown, max: number) => value === null || value === undefined || isText(value, max);
const isKrw = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10_000_000;
const inWeekOrder = (hours: { day: string }[]) => hours.every((h, i) => i === 0 || DAYS.indexOf(hours[i - 1]!.day) < DAYS.indexOf(h.day));

const shopFields = {
  name: text(50),
  category: fc.constantFrom('KOREAN', 'CHICKEN', 'PIZZA', 'CAFE_DESSERT'),
  description: fc.option(text(500), { nil: null }),
  phone,
  address: text(200),
  minOrderAmount: krw,
  deliveryTip: krw,
  openingHours,
  notice: fc.option(text(1000), { nil: null }),
};
type ShopShape = { name?: unknown; phone?: unknown; address?: unknown; description?: unknown; notice?: unknown; minOrderAmount?: unknown; deliveryTip?: unknown; openingHours?: { day: string }[] };
const shopInvariant = (shop: ShopShape, partial = false) =>
  (partial && shop.name === undefined ? true : isText(shop.name, 50)) &&
  (partial && shop.address === undefined ? true : isText(shop.address, 200)) &&
  isOptionalText(shop.description, 500) &&
  isOptionalText(shop.notice, 1000) &&
  (partial && shop.minOrderAmount === undefined ? true : isKrw(shop.minOrderAmount)) &&
  (partial && shop.deliveryTip === undefined ? true : isKrw(shop.deliveryTip)) &&
  (partial && shop.openingHours === undefined ? true : inWeekOrder(shop.openingHours ?? []));

const item = { name: text(50), description: fc.option(text(500), { nil: null }), price: krw, soldOut: fc.boolean(), popular: fc.boolean() };
const itemInvariant = (parsed: { name?: unknown; description?: unknown; price?: unknown }, partial = false) =>
  (partial && parsed.name === undefined ? true : isText(parsed.name, 50)) && isOptionalText(parsed.description, 500) && (partial && parsed.price === undefined ? true : isKrw(parsed.price));

describe('shop mutations refuse bad input field by field, with BAD_USER_INPUT and nothing else', () => {
  it('createShop', () => {
    checkInputProperties({ parse: (v) => parseInput(createShopInput, v, ['input']), valid: fc.record(shopFields), path: 'input', invariant: (s) => shopInvariant(s) });
  });

  it('updateShop', () => {
    checkInputProperties({
      parse: (v) => parseInput(updateShopInput, v, ['input']),
      valid: fc.record(shopFields, { requiredKeys: ['name'] }),
      path: 'input',
      invariant: (s) => shopInvariant(s, true),
    });
  });

  it('addMenuItem and updateMenuItem', () => {
    checkInputProperties({ parse: (v) => parseInput(menuItemInput, v, ['input']), valid: fc.record(item), path: 'input', invariant: (p) => itemInvariant(p) });
    checkInputProperties({
      parse: (v) => parseInput(updateMenuItemInput, v, ['input']),
      valid: fc.record(item, { requiredKeys: ['price'] }),
      path: 'input',
      invariant: (p) => itemInvariant(p, true),
    });
  });

  it('addPromotion', () => {
    const future = fc.integer({ min: 60_000, max: 365 * 86_400_000 });
    checkInputProperties({
      parse: (v) => parseInput(promotionInput, v, ['input']),
      // Started up to a day ago or starting within a year, ending at least a minute from now.
      valid: fc.record({ title: text(100), description: fc.option(text(500), { nil: null }), start: fc.integer({ min: -86_400_000, max: 365 * 86_400_000 }), length: future }).map(({ start, length, ...rest }) => ({
        ...rest,
        startsAt: new Date(Date.now() + start),
        endsAt: new Date(Date.now() + Math.max(start, 0) + length),
      })),
      path: 'input',
      invariant: (p) => isText(p.title, 100) && p.endsAt > p.startsAt && p.endsAt.getTime() > Date.now(),
    });
  });
});
