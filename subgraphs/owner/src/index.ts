// The owner subgraph's public entry point: start it (tests, embedding) from its configuration.
export { loadConfig, type OwnerConfig } from './config.js';
export { startOwnerSubgraph } from './create-owner-subgraph.js';
