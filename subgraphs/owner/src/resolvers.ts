import { Prisma } from '@shopgraph/db/create-prisma';
import { badInput, conflict, notFound, unauthenticated } from '@shopgraph/graphql-conventions/errors';
import { mayViewOwner, requireOwner, requireService } from '@shopgraph/graphql-conventions/guards';
import { parseInput, toDbId } from '@shopgraph/graphql-conventions/validation';
import { dateTimeScalar } from '@shopgraph/graphql-conventions/date-time';
import { assignmentsOf, RECORDED_EVENTS, recordEvents, runRecordedChange } from '@shopgraph/command-runtime/recorded-change';
import type { OwnerContext } from './context.js';
import type { Resolvers } from './generated/resolver-types.js';
import { logInInput, profileInput, signUpInput } from './inputs.js';

type OwnerRow = { id: number; email: string; name: string; phone: string | null; createdAt: Date };

const toOwner = (row: OwnerRow) => ({ ...row, id: String(row.id) });

async function authPayload(ctx: OwnerContext, row: OwnerRow) {
  return { token: await ctx.tokens.issue(String(row.id)), owner: toOwner(row) };
}

export const resolvers: Resolvers = {
  DateTime: dateTimeScalar,
  Query: {
    async me(_, __, ctx) {
      if (ctx.identity.kind !== 'owner') return null;
      const row = await ctx.prisma.owner.findUnique({ where: { id: Number(ctx.identity.ownerId) } });
      return row ? toOwner(row) : null;
    },
    async ownerSnapshot(_, args, ctx) {
      requireService(ctx.identity);
      const id = toDbId(args.id);
      if (id === null) return null;
      const row = await ctx.prisma.owner.findUnique({ where: { id }, select: { id: true, name: true, version: true } });
      return row ? { ...row, id: String(row.id) } : null;
    },
    async ownerSnapshots(_, args, ctx) {
      requireService(ctx.identity);
      if (args.ids.length > 500) throw badInput('ids', 'At most 500 ids per call.');
      const ids = args.ids.map(toDbId).filter((id): id is number => id !== null);
      const rows = await ctx.prisma.owner.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, version: true } });
      const byId = new Map(rows.map((row) => [String(row.id), { ...row, id: String(row.id) }]));
      return args.ids.map((id) => byId.get(id) ?? null);
    },
  },
  Mutation: {
    async signUp(_, args, ctx) {
      const input = parseInput(signUpInput, args.input, ['input']);
      const passwordHash = await ctx.passwords.hash(input.password);
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
    async logIn(_, args, ctx) {
      const input = parseInput(logInInput, args);
      const row = await ctx.prisma.owner.findUnique({ where: { email: input.email } });
      const valid = await ctx.passwords.verify(input.password, row?.passwordHash);
      if (!row || !valid) throw unauthenticated('Invalid email or password.');
      return authPayload(ctx, row);
    },
    async updateProfile(_, args, ctx) {
      const ownerId = Number(requireOwner(ctx.identity));
      // `name: null` is not a name; only `phone: null` means "clear it".
      const input = parseInput(profileInput, { ...args, name: args.name ?? undefined });
      const set = [
        ...assignmentsOf({ name: 'name', phone: 'phone' }, input),
        Prisma.sql`version = version + 1`,
        Prisma.sql`updated_at = now()`,
      ];
      // One statement: the change and its event commit together.
      const [row] = await runRecordedChange<{ owner: { id: number; email: string; name: string; phone: string | null; created_at: string } }>(
        ctx,
        Prisma.sql`
          WITH changed AS (
            UPDATE "owner"."owner" SET ${Prisma.join(set)} WHERE id = ${ownerId} RETURNING *
          ), recorded AS (
            ${recordEvents('owner', 'owner.updated', Prisma.sql`jsonb_build_object('ownerId', id::text)`, Prisma.sql`changed`)}
          )
          SELECT row_to_json(changed) AS owner, ${RECORDED_EVENTS} FROM changed`,
      );
      if (!row) throw notFound('No such owner.');
      const { id, email, name, phone, created_at } = row.owner;
      return toOwner({ id, email, name, phone, createdAt: new Date(created_at) });
    },
  },
  Owner: {
    async __resolveReference(reference, ctx) {
      const id = toDbId(reference.id);
      if (id === null || !mayViewOwner(ctx.identity, reference.id)) return null;
      const row = await ctx.prisma.owner.findUnique({ where: { id } });
      return row ? toOwner(row) : null;
    },
  },
};
