import { codegenConfig, resolverTypes } from '@shopgraph/codegen/codegen-config';

/** Resolver types from the search subgraph's SDL (`npm run build` runs it; a test checks the files are current). */
export default codegenConfig({
  'src/generated/resolver-types.ts': resolverTypes({ schema: 'schema.graphql', contextType: '../context.js#SearchContext' }),
});
