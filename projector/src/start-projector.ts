import { Queue } from 'bullmq';
import { CONSUMERS, queueKeyPrefix } from '@shopgraph/events/consumers';
import { createHttpApp, listen, type RunningServer } from '@shopgraph/service-shell/http-server';
import { watchQueueDepth } from '@shopgraph/consumer-runtime/queue-metrics';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import { createLogger, type Logger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createReadModelStore } from '@shopgraph/read-model';
import { createCommandSources, type CommandSources } from './sources/command-sources.js';
import type { ProjectorConfig } from './config.js';
import { createRecovery } from './recovery/recovery.js';
import { startReadModelKeeper } from './recovery/read-model-keeper.js';
import { createAdminAuth } from './admin/admin-auth.js';
import { mountAdminRoutes } from './admin/admin-routes.js';
import { mountQueueBoard } from './admin/queue-board.js';
import { batchSources } from './sources/batched-sources.js';
import { guardSources } from './sources/guarded-sources.js';
import { startProjectorWorker } from './worker/projector-worker.js';

/**
 * Starts the projector process: a BullMQ worker on the display queue that keeps the read
 * model in step with the command side, and an HTTP server for /health, /ready, /metrics
 * (with every consumer queue's depth) and the operators' /admin routes (rebuilds, queue board).
 */
export async function startProjector(
  config: ProjectorConfig,
  logger: Logger = createLogger('projector', config.logLevel),
  sources: CommandSources = createCommandSources({ ...config.sources, identity: createIdentityCodec({ services: config.serviceTokenSecret }) }),
): Promise<RunningServer> {
  const queueRedis = createRedis(config.queueRedisUrl, 'worker');
  const readModelRedis = createRedis(config.readModelRedisUrl, 'read-model');
  for (const redis of [queueRedis, readModelRedis]) redis.on('error', (error) => logger.debug({ err: error }, 'redis error'));
  const store = createReadModelStore({ redis: readModelRedis, prefix: config.readModelPrefix, replicaWait: config.readModelReplicaWait });
  const guarded = guardSources(sources, logger);
  const { projector, rebuilder } = createRecovery({ sources: guarded.sources, projectionSources: batchSources(guarded.sources), store, logger });
  const keeper = config.keeper.checkIntervalMs > 0 ? startReadModelKeeper({ store, sources: guarded.sources, rebuilder, logger, ...config.keeper }) : null;
  const worker = startProjectorWorker({
    projector,
    connection: queueRedis,
    prefix: config.queuePrefix,
    logger,
    concurrency: config.concurrency,
  });
  // Every consumer's queue, not only the display one: the board and the depth metrics show them all.
  const queues = CONSUMERS.map((consumer) => new Queue(consumer.queue, { connection: queueRedis, prefix: queueKeyPrefix(config.queuePrefix, consumer.queue) }));
  for (const queue of queues) queue.on('error', (error) => logger.debug({ err: error }, 'queue error'));
  const unwatchQueues = watchQueueDepth(queues);
  const auth = createAdminAuth({ token: config.adminToken, redis: readModelRedis, prefix: config.readModelPrefix, ...config.admin });
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
      // Informational too: while the read model is rebuilt, what is there is served.
      ...(keeper ? { readModelState: async () => keeper.state() } : {}),
    },
    routes: (app) => {
      auth.mountSignIn(app);
      mountAdminRoutes(app, { auth, store, rebuilder, logger });
      mountQueueBoard(app, queues, auth);
    },
  });
  const server = await listen(app, config.port, config.host);
  logger.info({ url: server.url, concurrency: config.concurrency }, 'projector ready');
  return {
    ...server,
    async close() {
      await server.close();
      unwatchQueues();
      await keeper?.stop();
      await worker.close();
      await Promise.all(queues.map((queue) => queue.close()));
      guarded.shutdown();
      queueRedis.disconnect();
      readModelRedis.disconnect();
    },
  };
}
