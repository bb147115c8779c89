import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The dashboard's typed documents (graphql-codegen's client preset): every `graphql(...)`
 * call under src/ is checked against the public API contract the gateway promises
 * (gateway/contract, which its contract test holds the composed API schema to), so the
 * dashboard uses nothing the API may take away. `npm run build` runs it; a test checks
 * the committed files are current.
 */
const config: CodegenConfig = {
  overwrite: true,
  errorsOnly: true,
  schema: ['../gateway/contract/public-api.graphql', '../gateway/contract/live-updates.graphql', '../gateway/contract/ads.graphql'],
  documents: ['src/**/*.{ts,tsx}', '!src/generated/**'],
  generates: {
    'src/generated/': {
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
  },
};

export default config;
