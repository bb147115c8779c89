import { startService, type GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { createLogger, type Logger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { DisplayConfig } from './config.js';
import { createDisplaySubgraph } from './create-display-subgraph.js';

/** Runs the display subgraph from its configuration: its read-model Redis opened, built, listening (main, and tests that run it whole). */
export function startDisplaySubgraph(config: DisplayConfig, logger: Logger = createLogger('display', config.logLevel)): Promise<GraphQLService> {
  const redis = createRedis(config.readModelRedisUrl, 'read-model');
  redis.on('error', (error) => logger.debug({ err: error }, 'read model redis error'));
  return startService(createDisplaySubgraph({ redis, logger, settings: config }), config, () => redis.disconnect());
}
