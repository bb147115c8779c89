import { closeOnSignal } from '@shopgraph/service-shell/shutdown';
import { createLogger } from '@shopgraph/telemetry/logger';
import { loadConfig } from './config.js';
import { startShopSubgraph } from './start-shop-subgraph.js';

const config = loadConfig();
const logger = createLogger('shop', config.logLevel);
const subgraph = await startShopSubgraph(config, logger);
closeOnSignal(logger, subgraph.close);
