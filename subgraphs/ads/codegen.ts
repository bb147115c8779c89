import { codegenConfig, resolverTypes } from '@shopgraph/codegen/codegen-config';

/** Resolver types from the ads subgraph's SDL (`npm run build` runs it; a test checks the files are current). */
export default codegenConfig({
  'src/generated/resolver-types.ts': resolverTypes({
    schema: 'schema.graphql',
    contextType: '../context.js#AdsContext',
    mappers: { AdCampaign: '../campaign.js#Campaign', AdCampaignSnapshot: '../campaign.js#CampaignSnapshot' },
  }),
});
