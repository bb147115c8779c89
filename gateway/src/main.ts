import { createLogger } from '@shopgraph/kit/logger';
import { closeOnSignal } from '@shopgraph/kit/shutdown';
import { loadConfig } from './config.js';
import { startGateway } from './create-gateway.js';

// @apollo/gateway 2.14 sends anonymous telemetry unless told not to; nothing outside is reachable anyway.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

const config = loadConfig();
const logger = createLogger('gateway', config.logLevel);
const gateway = await startGateway(config, logger);
closeOnSignal(logger, gateway.close);
