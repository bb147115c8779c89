// The search subgraph's public entry point: start it from its configuration, and the index
// and its shop source for the operators' reindex (scripts) and the search benchmark.
export { loadConfig, type SearchConfig } from './config.js';
export { startSearchSubgraph, type SearchSubgraph } from './create-search-subgraph.js';
export { createSearchIndex, type SearchIndex } from './search-index.js';
export { createShopSource, type ShopSource } from './shop-source.js';
export { bigrams, searchTextOf } from './bigrams.js';
