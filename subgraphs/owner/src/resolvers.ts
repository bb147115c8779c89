import { Prisma } from '@shopgraph/db/create-prisma';
import { event } from '@shopgraph/events/events';
import { badInput, conflict, notFound, unauthenticated } from '@shopgraph/kit/errors';
import { mayViewOwner, requireOwner, requireService } from '@shopgraph/kit/guards';
import { parseInput, toDbId } from '@shopgraph/kit/validation';
import { dateTimeScalar } from '@shopgraph/kit/date-time';
import type { OwnerContext } from './context.js';
import { logInInput, profileInput, signUpInput } from './inputs.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';

type OwnerRow = { id: number; email: string; name: string; phone: string | null; createdAt: Date };

const toOwner = (row: OwnerRow) => ({ ...row, id: String(row.id) });

async function authPayload(ctx: OwnerContext, row: OwnerRow) {
  return { token: await ctx.tokens.issue(String(row.id)), owner: toOwner(row) };
}

export const resolvers = {
  DateTime: dateTimeScalar,
  Query: {
    async me(_: unknown, __: unknown, ctx: OwnerContext) {
      if (ctx.identity.kind !== 'owner') return null;
      const row = await ctx.prisma.owner.findUnique({ where: { id: Number(ctx.identity.ownerId) } });
      return row ? toOwner(row) : null;
    },
    async ownerSnapshot(_: unknown, args: { id: string }, ctx: OwnerContext) {
      requireService(ctx.identity);
      const id = toDbId(args.id);
      if (id === null) return null;
      const row = await ctx.prisma.owner.findUnique({ where: { id }, select: { id: true, name: true, version: true } });
      return row ? { ...row, id: String(row.id) } : null;
    },
    async ownerSnapshots(_: unknown, args: { ids: string[] }, ctx: OwnerContext) {
      requireService(ctx.identity);
      if (args.ids.length > 500) throw badInput('ids', 'At most 500 ids per call.');
      const ids = args.ids.map(toDbId).filter((id): id is number => id !== null);
      const rows = await ctx.prisma.owner.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, version: true } });
      const byId = new Map(rows.map((row) => [String(row.id), { ...row, id: String(row.id) }]));
      return args.ids.map((id) => byId.get(id) ?? null);
    },
  },
  Mutation: {
    async signUp(_: unknown, args: { input: unknown }, ctx: OwnerContext) {
      const input = parseInput(signUpInput, args.input, ['input']);
      const passwordHash = await hashPassword(input.password);
      try {
        const row = await ctx.prisma.owner.create({
          data: { email: input.email, passwordHash, name: input.name, phone: input.phone },
        });
        return authPayload(ctx, row);
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw conflict('An owner with this email address is already registered.', 'input.email');
        }
        throw error;
      }
    },
    async logIn(_: unknown, args: { email: string; password: string }, ctx: OwnerContext) {
      const input = parseInput(logInInput, args);
      const row = await ctx.prisma.owner.findUnique({ where: { email: input.email } });
      const valid = await verifyPassword(input.password, row?.passwordHash ?? DUMMY_HASH);
      if (!row || !valid) throw unauthenticated('Invalid email or password.');
      return authPayload(ctx, row);
    },
    async updateProfile(_: unknown, args: { name?: string | null; phone?: string | null }, ctx: OwnerContext) {
      const ownerId = Number(requireOwner(ctx.identity));
      // `name: null` is not a name; only `phone: null` means "clear it".
      const input = parseInput(profileInput, { ...args, name: args.name ?? undefined });
      const row = await ctx.prisma.$transaction(async (tx) => {
        const updated = await tx.owner
          .update({
            where: { id: ownerId },
            data: { name: input.name, phone: input.phone, version: { increment: 1 } },
          })
          .catch((error: unknown) => {
            if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') {
              throw notFound('No such owner.');
            }
            throw error;
          });
        const changed = event('owner.updated', { ownerId: String(ownerId) });
        await tx.ownerOutbox.create({ data: { event: changed.name, payload: changed.payload } });
        return updated;
      });
      ctx.eventsCommitted();
      return toOwner(row);
    },
  },
  Owner: {
    async __resolveReference(reference: { id: string }, ctx: OwnerContext) {
      const id = toDbId(reference.id);
      if (id === null || !mayViewOwner(ctx.identity, reference.id)) return null;
      const row = await ctx.prisma.owner.findUnique({ where: { id } });
      return row ? toOwner(row) : null;
    },
  },
};
