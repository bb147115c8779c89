import { createPrisma } from '@shopgraph/db/create-prisma';
import { createRebuilder } from '@shopgraph/display-subgraph/recovery/rebuild';
import { createCommandSources } from '@shopgraph/display-subgraph/projector/command-sources';
import { loadProjectorConfig } from '@shopgraph/display-subgraph/projector/config';
import { createProjector } from '@shopgraph/display-subgraph/projector/projector';
import { createReadModelStore } from '@shopgraph/display-subgraph/read-model/read-model-store';
import { createIdentityCodec } from '@shopgraph/kit/identity';
import { createLogger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import { loadConfig as loadSearchConfig } from '@shopgraph/search-subgraph/config';
import { createSearchIndex } from '@shopgraph/search-subgraph/search-index';
import { createShopSource } from '@shopgraph/search-subgraph/shop-source';

/**
 * What the recovery commands (resync, verify) work on, configured from the same
 * environment as the projector and the search subgraph.
 */
export function recoveryContext() {
  const config = loadProjectorConfig();
  const logger = createLogger('recovery', process.env.LOG_LEVEL ?? 'warn');
  const identity = createIdentityCodec(config.internalTokenSecret);
  const sources = createCommandSources({ ...config.sources, identity, timeoutMs: 30_000 });
  const redis = createRedis(config.readModelRedisUrl, 'read-model', { commandTimeout: 30_000 });
  const store = createReadModelStore({ redis, prefix: config.readModelPrefix });
  const projector = createProjector({ sources, store, logger });
  const searchConfig = loadSearchConfig();
  const prisma = createPrisma({ databaseUrl: searchConfig.databaseUrl });
  return {
    sources,
    store,
    rebuilder: createRebuilder({ sources, store, projector, logger }),
    searchIndex: createSearchIndex(prisma, createShopSource({ url: searchConfig.shopUrl, identity, timeoutMs: 30_000 })),
    async close() {
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
