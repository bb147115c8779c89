import { createLogger, type Logger } from '@shopgraph/telemetry/logger';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { startCommandSubgraph } from '@shopgraph/command-runtime/start-command-subgraph';
import type { OwnerConfig } from './config.js';
import { createOwnerSubgraph } from './create-owner-subgraph.js';

/** Runs the owner subgraph from its configuration: its clients opened, built, listening (main, and tests that run it whole). */
export function startOwnerSubgraph(config: OwnerConfig, logger: Logger = createLogger('owner', config.logLevel)): Promise<CommandSubgraph> {
  return startCommandSubgraph(config, logger, (clients) => createOwnerSubgraph({ ...clients, logger, settings: config }));
}
