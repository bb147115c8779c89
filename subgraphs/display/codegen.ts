import { codegenConfig, resolverTypes } from '@shopgraph/codegen/codegen-config';

/** Resolver types from the display subgraph's SDL (`npm run build` runs it; a test checks the files are current). */
export default codegenConfig({
  'src/generated/resolver-types.ts': resolverTypes({
    schema: 'schema.graphql',
    contextType: '../context.js#DisplayContext',
    // The read model's document is what every Shop field resolves from.
    mappers: { Shop: '@shopgraph/read-model#ShopDocument' },
  }),
});
