import { subgraphSchema } from '@shopgraph/kit/subgraph-schema';
import { resolvers } from './resolvers.js';

export const buildOwnerSchema = () => subgraphSchema(new URL('../schema.graphql', import.meta.url), resolvers);
