import { codegenConfig, documentTypes, resolverTypes, subgraphSdl } from '@shopgraph/codegen/codegen-config';

/**
 * Resolver types from the ads serving subgraph's SDL, and typed documents for its projector's
 * calls to the ads subgraph (`npm run build` runs it; a test checks the files are current).
 */
export default codegenConfig({
  'src/generated/resolver-types.ts': resolverTypes({ schema: 'schema.graphql', contextType: '../context.js#ServingContext' }),
  'src/generated/ads-queries.ts': documentTypes({
    schema: subgraphSdl('@shopgraph/ads-subgraph', import.meta.url),
    documents: 'src/projection/ads-queries.graphql',
  }),
});
