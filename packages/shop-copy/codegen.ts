import { codegenConfig, documentTypes, subgraphSdl } from '@shopgraph/codegen/codegen-config';

/** Typed documents for the shop copies' calls to the shop subgraph (`npm run build` runs it; a test checks the file is current). */
export default codegenConfig({
  'src/generated/shop-queries.ts': documentTypes({
    schema: subgraphSdl('@shopgraph/shop-subgraph', import.meta.url),
    documents: 'src/shop-queries.graphql',
  }),
});
