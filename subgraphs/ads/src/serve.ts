import { closeOnSignal } from '@shopgraph/service-shell/shutdown';
import { createLogger } from '@shopgraph/telemetry/logger';
import { loadConfig } from './config.js';
import { startAdsSubgraph } from './start-ads-subgraph.js';

const config = loadConfig();
const logger = createLogger('ads', config.logLevel);
const subgraph = await startAdsSubgraph(config, logger);
closeOnSignal(logger, subgraph.close);
