import { closeOnSignal } from '@shopgraph/service-shell/shutdown';
import { createLogger } from '@shopgraph/telemetry/logger';
import { loadConfig } from './config.js';
import { startAdsServing } from './start-ads-serving.js';

const config = loadConfig();
const logger = createLogger('ads-serving', config.logLevel);
const serving = await startAdsServing(config, logger);
closeOnSignal(logger, serving.close);
