import { z } from 'zod';
import { badInput } from '@shopgraph/graphql-conventions/errors';
import { parseInput } from '@shopgraph/graphql-conventions/validation';
import type { Resolvers } from './generated/resolver-types.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { searchShopIds } from './search-shops.js';

export const MAX_FIRST = 50;

/**
 * The shortest text searched: matches are found through the bigram index, and a text of
 * one character has no bigram, so it would read every row (and rank and sort every match).
 */
export const MIN_TEXT_CHARACTERS = 2;

const filterInput = z
  .object({
    // Blank text is no text filter. Counted by code point, as bigrams are (a Hangul syllable or an emoji is one).
    text: z
      .string()
      .trim()
      .max(100, 'at most 100 characters')
      .refine((v) => v === '' || Array.from(v).length >= MIN_TEXT_CHARACTERS, `at least ${MIN_TEXT_CHARACTERS} characters`)
      .nullish()
      .transform((v) => v || undefined),
    category: z.string().nullish().transform((v) => v ?? undefined),
    openOnly: z.boolean().nullish().transform((v) => v ?? undefined),
  })
  .nullish()
  .transform((v) => v ?? {});

export const resolvers: Resolvers = {
  Query: {
    async searchShops(_, args, ctx) {
      const first = args.first ?? 20;
      if (first < 0 || first > MAX_FIRST) throw badInput('first', `first must be 0 to ${MAX_FIRST}.`);
      const filter = parseInput(filterInput, args.filter, ['filter']);
      const after = args.after ? decodeCursor(args.after) : undefined;
      const page = await searchShopIds(ctx.prisma, filter, first, after);
      const edges = page.matches.map((match) => ({
        cursor: encodeCursor(match),
        // A reference only: the gateway resolves every other Shop field from the display subgraph.
        node: { __typename: 'Shop' as const, id: String(match.id) },
      }));
      return {
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount: page.totalCount,
      };
    },
  },
};
