// The shop subgraph's public entry point: start it (tests, embedding) from its configuration.
export { loadConfig, type ShopConfig } from './config.js';
export { startShopSubgraph } from './create-shop-subgraph.js';
