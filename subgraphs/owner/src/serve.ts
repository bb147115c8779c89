import { closeOnSignal } from '@shopgraph/service-shell/shutdown';
import { createLogger } from '@shopgraph/telemetry/logger';
import { loadConfig } from './config.js';
import { startOwnerSubgraph } from './start-owner-subgraph.js';

const config = loadConfig();
const logger = createLogger('owner', config.logLevel);
const subgraph = await startOwnerSubgraph(config, logger);
closeOnSignal(logger, subgraph.close);
