// The review subgraph's public entry point: start it (tests, embedding) from its configuration.
export { loadConfig, type ReviewConfig } from './config.js';
export { startReviewSubgraph } from './create-review-subgraph.js';
