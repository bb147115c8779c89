// The display subgraph's public entry point: start it (tests, embedding) from its configuration.
export { loadConfig, type DisplayConfig } from './config.js';
export { startDisplaySubgraph } from './create-display-subgraph.js';
