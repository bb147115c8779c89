import { codegenConfig, documentTypes, resolverTypes, subgraphSdl } from '@shopgraph/codegen/codegen-config';

/**
 * Resolver types from the review subgraph's SDL, and typed documents for its calls to the
 * shop subgraph (`npm run build` runs it; a test checks the files are current).
 */
export default codegenConfig({
  'src/generated/resolver-types.ts': resolverTypes({ schema: 'schema.graphql', contextType: '@shopgraph/command-runtime/command-subgraph#CommandContext' }),
  'src/generated/shop-queries.ts': documentTypes({
    schema: subgraphSdl('@shopgraph/shop-subgraph', import.meta.url),
    documents: 'src/shop-queries.graphql',
  }),
});
