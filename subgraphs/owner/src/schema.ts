import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { resolvers } from './resolvers.js';

/** The SDL, read relative to this module (never the cwd). */
export const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export function buildOwnerSchema() {
  // Resolver maps are plain objects; buildSubgraphSchema's types are stricter than needed.
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
}
