// The ads serving subgraph's public entry point: build it from clients (createAdsServing), or run
// it from its configuration (startAdsServing: tests, embedding).
export { loadConfig, type AdsServingConfig } from './config.js';
export { createAdsServing, type AdsServingOptions, type BuiltAdsServing } from './create-ads-serving.js';
export { startAdsServing, type AdsServing } from './start-ads-serving.js';
