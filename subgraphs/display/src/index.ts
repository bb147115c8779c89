// The display subgraph's public entry point: build it from its Redis (createDisplaySubgraph), or
// run it from its configuration (startDisplaySubgraph: tests, embedding).
export { loadConfig, type DisplayConfig } from './config.js';
export { createDisplaySubgraph, type DisplaySubgraphOptions } from './create-display-subgraph.js';
export { startDisplaySubgraph } from './start-display-subgraph.js';
