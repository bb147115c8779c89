// The ads subgraph's public entry point: build it from clients (createAdsSubgraph), or run it
// from its configuration (startAdsSubgraph: tests, embedding).
export { loadConfig, type AdsConfig } from './config.js';
export { createAdsSubgraph, type AdsSubgraphOptions } from './create-ads-subgraph.js';
export { startAdsSubgraph } from './start-ads-subgraph.js';
