// The search subgraph's public entry point: build it from clients (createSearchSubgraph) or run
// it from its configuration (startSearchSubgraph), and the index and its shop source for the
// operators' reindex (scripts) and the search benchmark.
export { loadConfig, type SearchConfig } from './config.js';
export { createSearchSubgraph, type BuiltSearchSubgraph, type SearchSubgraphOptions } from './create-search-subgraph.js';
export { startSearchSubgraph, type SearchSubgraph } from './start-search-subgraph.js';
export { createSearchIndex, type SearchIndex } from './search-index.js';
export { createShopSource, type ShopSource } from '@shopgraph/shop-copy/shop-source';
export { bigrams, searchTextOf } from './bigrams.js';
