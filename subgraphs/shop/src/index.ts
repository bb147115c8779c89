// The shop subgraph's public entry point: build it from clients (createShopSubgraph), or run it
// from its configuration (startShopSubgraph: tests, embedding).
export { loadConfig, type ShopConfig } from './config.js';
export { createShopSubgraph, type ShopSubgraphOptions } from './create-shop-subgraph.js';
export { startShopSubgraph } from './start-shop-subgraph.js';
