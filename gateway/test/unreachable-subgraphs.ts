import { freePort } from '@shopgraph/testing/free-port';

const SUBGRAPH_URL_VARIABLES = ['OWNER_URL', 'SHOP_URL', 'REVIEW_URL', 'DISPLAY_URL', 'SEARCH_URL', 'ADS_URL', 'ADS_SERVING_URL'] as const;

/**
 * Every subgraph's URL variable, each pointing at a port nothing listens on: the gateway boots
 * from the composed supergraph all the same. Override the ones a test runs for real.
 */
export async function unreachableSubgraphs(): Promise<Record<(typeof SUBGRAPH_URL_VARIABLES)[number], string>> {
  const urls = await Promise.all(SUBGRAPH_URL_VARIABLES.map(async (name) => [name, `http://127.0.0.1:${await freePort()}/graphql`] as const));
  return Object.fromEntries(urls) as Record<(typeof SUBGRAPH_URL_VARIABLES)[number], string>;
}
