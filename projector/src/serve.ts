import { createLogger } from '@shopgraph/telemetry/logger';
import { closeOnSignal } from '@shopgraph/service-shell/shutdown';
import { loadProjectorConfig } from './config.js';
import { startProjector } from './start-projector.js';

const config = loadProjectorConfig();
const logger = createLogger('projector', config.logLevel);
const projector = await startProjector(config, logger);
closeOnSignal(logger, projector.close);
