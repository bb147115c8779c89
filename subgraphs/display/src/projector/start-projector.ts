import { createHttpApp, listen, type RunningServer } from '@shopgraph/kit/http-server';
import { createIdentityCodec } from '@shopgraph/kit/identity';
import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import { createReadModelStore } from '../read-model/read-model-store.js';
import { createCommandSources, type CommandSources } from './command-sources.js';
import type { ProjectorConfig } from './config.js';
import { createRebuilder } from '../recovery/rebuild.js';
import { mountAdminRoutes } from './admin-routes.js';
import { batchSources } from './batched-sources.js';
import { guardSources } from './guarded-sources.js';
import { createProjector } from './projector.js';
import { startProjectorWorker } from './projector-worker.js';

/**
 * Starts the projector process: a BullMQ worker on the display queue that keeps the read
 * model in step with the command side, and an HTTP server for /health and /ready.
 */
export async function startProjector(
  config: ProjectorConfig,
  logger: Logger = createLogger('projector', config.logLevel),
  sources: CommandSources = createCommandSources({ ...config.sources, identity: createIdentityCodec(config.internalTokenSecret) }),
): Promise<RunningServer> {
  const queueRedis = createRedis(config.queueRedisUrl, 'worker');
  const readModelRedis = createRedis(config.readModelRedisUrl, 'read-model');
  for (const redis of [queueRedis, readModelRedis]) redis.on('error', (error) => logger.debug({ err: error }, 'redis error'));
  const store = createReadModelStore({ redis: readModelRedis, prefix: config.readModelPrefix });
  const guarded = guardSources(sources, logger);
  const projector = createProjector({ sources: batchSources(guarded.sources), store, logger });
  const rebuilder = createRebuilder({ sources: guarded.sources, store, projector, logger });
  const worker = startProjectorWorker({
    projector,
    connection: queueRedis,
    prefix: config.queuePrefix,
    logger,
    concurrency: config.concurrency,
  });
  const app = createHttpApp({
    logger,
    readiness: {
      queue: async () => void (await queueRedis.ping()),
      readModel: async () => void (await readModelRedis.ping()),
      worker: async () => {
        if (!worker.isRunning()) throw new Error('worker not running');
      },
      // Informational: an open circuit pauses projection but the process is healthy.
      sources: async () => guarded.states(),
    },
    routes: (app) => mountAdminRoutes(app, { token: config.adminToken, rebuilder, logger }),
  });
  const server = await listen(app, config.port, config.host);
  logger.info({ url: server.url, concurrency: config.concurrency }, 'projector ready');
  return {
    ...server,
    async close() {
      await server.close();
      await worker.close();
      guarded.shutdown();
      queueRedis.disconnect();
      readModelRedis.disconnect();
    },
  };
}
