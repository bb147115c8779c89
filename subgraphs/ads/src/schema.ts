import { subgraphSchema } from '@shopgraph/kit/subgraph-schema';
import { resolvers } from './resolvers/index.js';

export const buildAdsSchema = () => subgraphSchema(new URL('../schema.graphql', import.meta.url), resolvers);
