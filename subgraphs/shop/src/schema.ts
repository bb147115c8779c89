import { subgraphSchema } from '@shopgraph/graphql-conventions/subgraph-schema';
import { resolvers } from './resolvers/index.js';

export const buildShopSchema = () => subgraphSchema(new URL('../schema.graphql', import.meta.url), resolvers);
