import { codegenConfig, documentTypes, resolverTypes, subgraphSdl } from '@shopgraph/codegen/codegen-config';

/**
 * Resolver types from the search subgraph's SDL, and typed documents for the indexer's
 * calls to the shop subgraph (`npm run build` runs it; a test checks the files are current).
 */
export default codegenConfig({
  'src/generated/resolver-types.ts': resolverTypes({ schema: 'schema.graphql', contextType: '../context.js#SearchContext' }),
  'src/generated/shop-queries.ts': documentTypes({
    schema: subgraphSdl('@shopgraph/shop-subgraph', import.meta.url),
    documents: 'src/shop-queries.graphql',
  }),
});
