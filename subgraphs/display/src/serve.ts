import { closeOnSignal } from '@shopgraph/service-shell/shutdown';
import { createLogger } from '@shopgraph/telemetry/logger';
import { loadConfig } from './config.js';
import { startDisplaySubgraph } from './start-display-subgraph.js';

const config = loadConfig();
const logger = createLogger('display', config.logLevel);
const subgraph = await startDisplaySubgraph(config, logger);
closeOnSignal(logger, subgraph.close);
