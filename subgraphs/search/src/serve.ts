import { closeOnSignal } from '@shopgraph/service-shell/shutdown';
import { createLogger } from '@shopgraph/telemetry/logger';
import { loadConfig } from './config.js';
import { startSearchSubgraph } from './start-search-subgraph.js';

const config = loadConfig();
const logger = createLogger('search', config.logLevel);
const subgraph = await startSearchSubgraph(config, logger);
closeOnSignal(logger, subgraph.close);
