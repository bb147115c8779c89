import { codegenConfig, documentTypes, subgraphSdl } from '@shopgraph/codegen/codegen-config';

/**
 * Typed documents for the projector's calls to the three command subgraphs, each checked
 * against the SDL of the subgraph it is sent to (`npm run build` runs it; a test checks
 * the files are current).
 */
const documentsFor = (subgraph: string) =>
  documentTypes({ schema: subgraphSdl(`@shopgraph/${subgraph}-subgraph`, import.meta.url), documents: `src/sources/${subgraph}-queries.graphql` });

export default codegenConfig({
  'src/generated/shop-queries.ts': documentsFor('shop'),
  'src/generated/owner-queries.ts': documentsFor('owner'),
  'src/generated/review-queries.ts': documentsFor('review'),
});
