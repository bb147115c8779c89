import { closeOnSignal } from '@shopgraph/service-shell/shutdown';
import { createLogger } from '@shopgraph/telemetry/logger';
import { loadConfig } from './config.js';
import { startReviewSubgraph } from './start-review-subgraph.js';

const config = loadConfig();
const logger = createLogger('review', config.logLevel);
const subgraph = await startReviewSubgraph(config, logger);
closeOnSignal(logger, subgraph.close);
