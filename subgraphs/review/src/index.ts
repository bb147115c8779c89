// The review subgraph's public entry point: build it from clients (createReviewSubgraph), or run it
// from its configuration (startReviewSubgraph: tests, embedding).
export { loadConfig, type ReviewConfig } from './config.js';
export { createReviewSubgraph, type ReviewSubgraphOptions } from './create-review-subgraph.js';
export { startReviewSubgraph } from './start-review-subgraph.js';
