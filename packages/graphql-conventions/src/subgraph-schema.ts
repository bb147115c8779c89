import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';

/**
 * Builds a subgraph schema from an SDL file read relative to a module URL (never the
 * cwd), e.g. `subgraphSchema(new URL('../schema.graphql', import.meta.url), resolvers)`.
 * Building is separate from listening, so tests build the schema without a port.
 */
export function subgraphSchema(sdlFile: URL, resolvers: object): GraphQLSchema {
  const typeDefs = parse(readFileSync(sdlFile, 'utf8'));
  // Resolver maps are plain objects here; buildSubgraphSchema's resolver types are stricter than useful.
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
}
