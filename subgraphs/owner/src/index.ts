// The owner subgraph's public entry point: build it from clients (createOwnerSubgraph), or run it
// from its configuration (startOwnerSubgraph: tests, embedding).
export { loadConfig, type OwnerConfig } from './config.js';
export { createOwnerSubgraph, type OwnerSubgraphOptions } from './create-owner-subgraph.js';
export { startOwnerSubgraph } from './start-owner-subgraph.js';
