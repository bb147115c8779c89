import { subgraphSchema } from '@shopgraph/graphql-conventions/subgraph-schema';
import { resolvers } from './resolvers.js';

export const buildSearchSchema = () => subgraphSchema(new URL('../schema.graphql', import.meta.url), resolvers);
