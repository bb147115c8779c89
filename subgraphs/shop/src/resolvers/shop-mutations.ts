import { Prisma } from '@shopgraph/db/create-prisma';
import { notFound } from '@shopgraph/graphql-conventions/errors';
import { requireOwner } from '@shopgraph/graphql-conventions/guards';
import { parseInput, toDbId } from '@shopgraph/graphql-conventions/validation';
import { assignmentsOf, RECORDED_EVENTS, recordEvents, runRecordedChange } from '@shopgraph/command-runtime/recorded-change';
import { changeShop } from '../change-shop.js';
import type { MutationResolvers } from '../generated/resolver-types.js';
import { createShopInput, updateShopInput } from '../inputs.js';
import { fromShopRow, type ShopRowJson } from '../managed-shop.js';

const STATUSES = new Set(['OPEN', 'PAUSED', 'CLOSED']);

/** Shop columns an update may set, by input field; `undefined` leaves a column as it is, `null` clears it. */
const COLUMNS = {
  name: 'name',
  category: 'category',
  description: 'description',
  phone: 'phone',
  address: 'address',
  minOrderAmount: 'min_order_amount',
  deliveryTip: 'delivery_tip',
  openingHours: 'opening_hours',
  notice: 'notice',
} as const;

/** The update's fields other systems copy (see `ShopChange.listing`). */
const LISTED = ['name', 'category'] as const;

const valueOf = (field: keyof typeof COLUMNS, value: unknown) =>
  field === 'openingHours'
    ? Prisma.sql`${JSON.stringify(value)}::jsonb`
    : field === 'category'
      ? Prisma.sql`${value}::"shop"."ShopCategory"`
      : Prisma.sql`${value}`;

export const shopMutations: MutationResolvers = {
  async createShop(_, args, ctx) {
    const ownerId = Number(requireOwner(ctx.identity));
    const input = parseInput(createShopInput, args.input, ['input']);
    const [row] = await runRecordedChange<{ shop: ShopRowJson }>(
      ctx,
      Prisma.sql`
        WITH created AS (
          INSERT INTO "shop"."shop" (owner_id, name, category, description, phone, address, min_order_amount, delivery_tip, opening_hours, notice)
          VALUES (${ownerId}, ${input.name}, ${input.category}::"shop"."ShopCategory", ${input.description}, ${input.phone}, ${input.address},
                  ${input.minOrderAmount}, ${input.deliveryTip}, ${JSON.stringify(input.openingHours)}::jsonb, ${input.notice})
          RETURNING *
        ), recorded AS (
          ${recordEvents('shop', 'shop.created', Prisma.sql`jsonb_build_object('shopId', id::text)`, Prisma.sql`created`)}
        )
        SELECT row_to_json(created) AS shop, ${RECORDED_EVENTS} FROM created`,
    );
    // A new shop has no menu and no promotions yet: nothing to load for them.
    return { ...fromShopRow(row!.shop), menu: [], promotions: [] };
  },

  async updateShop(_, args, ctx) {
    requireOwner(ctx.identity);
    const input = parseInput(updateShopInput, args.input, ['input']);
    const set = assignmentsOf(COLUMNS, input, valueOf);
    // Search indexes the name and category, and ads serves by category: a change to either is theirs to hear.
    const listing = LISTED.some((field) => input[field] !== undefined);
    return changeShop(ctx, { target: { shopId: toDbId(args.id) }, listing, ...(set.length > 0 ? { set: Prisma.join(set) } : {}) });
  },

  async setShopStatus(_, args, ctx) {
    if (!STATUSES.has(args.status)) throw notFound('No such status.');
    const status = Prisma.sql`${args.status}::"shop"."ShopStatus"`;
    return changeShop(ctx, {
      target: { shopId: toDbId(args.id) },
      set: Prisma.sql`status = ${status}`,
      listing: true,
      // Setting the status it already has is not a change: no new version, no event.
      when: Prisma.sql`s.status <> ${status}`,
    });
  },

  async deleteShop(_, args, ctx) {
    await changeShop(ctx, { target: { shopId: toDbId(args.id) }, event: 'shop.deleted' });
    return args.id;
  },
};
