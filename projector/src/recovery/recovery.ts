import { createIdentityCodec } from '@shopgraph/identity/identity';
import type { Logger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createReadModelStore, type ReadModelStore } from '@shopgraph/read-model';
import type { ProjectorConfig } from '../config.js';
import { createProjector } from '../projection/projector.js';
import { createCommandSources, type CommandSources } from '../sources/command-sources.js';
import { claimFullRebuild } from './claimed-rebuild.js';
import { createRebuilder } from './rebuild.js';
import { verifyReadModel } from './verify.js';

export interface RecoveryOptions {
  /** What rebuilds and `verify` read: bulk source calls. */
  sources: CommandSources;
  store: ReadModelStore;
  logger: Logger;
  /** What single-shop projections read (the projector process batches them); `sources` by default. */
  projectionSources?: CommandSources;
}

/**
 * The one way the projector, the operators' scripts and the chaos run put the read model's
 * repair tools together: the projector that re-projects a shop, the rebuilder (all, ids,
 * since) built on it, the claimed full rebuild, and `verify`.
 */
export function createRecovery({ sources, store, logger, projectionSources = sources }: RecoveryOptions) {
  const projector = createProjector({ sources: projectionSources, store, logger });
  const rebuilder = createRebuilder({ sources, store, projector, logger });
  return {
    projector,
    rebuilder,
    /** The one full rebuild the keepers and operators share (null while another holds its claim; see claimed-rebuild.ts). */
    claimFullRebuild: () => claimFullRebuild({ store, rebuilder, logger }),
    /** Drifted documents: differing from what the sources say, checked twice `settleMs` apart. */
    verify: (settleMs?: number) => verifyReadModel(sources, store, settleMs),
  };
}

/**
 * `createRecovery` with connections of its own, from a projector configuration (the same
 * environment as the projector): for one-off runs, with generous timeouts.
 */
export function connectRecovery(config: ProjectorConfig, { logger, timeoutMs = 30_000 }: { logger: Logger; timeoutMs?: number }) {
  const sources = createCommandSources({ ...config.sources, identity: createIdentityCodec({ services: config.serviceTokenSecret }), timeoutMs });
  const redis = createRedis(config.readModelRedisUrl, 'read-model', { commandTimeout: timeoutMs });
  redis.on('error', (error) => logger.debug({ err: error }, 'read-model redis error'));
  const store = createReadModelStore({ redis, prefix: config.readModelPrefix, replicaWait: config.readModelReplicaWait });
  return {
    sources,
    store,
    ...createRecovery({ sources, store, logger }),
    close(): void {
      redis.disconnect();
    },
  };
}

export type Recovery = ReturnType<typeof connectRecovery>;
