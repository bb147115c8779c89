import { createPrisma } from '@shopgraph/db/create-prisma';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import { logLevel, parseEnv } from '@shopgraph/config/env';
import { createLogger } from '@shopgraph/telemetry/logger';
import { connectRecovery, loadProjectorConfig, type Recovery } from '@shopgraph/projector';
import { createSearchIndex, createShopSource, loadConfig as loadSearchConfig } from '@shopgraph/search-subgraph';

/**
 * What the recovery commands (resync, verify) work on, configured from the same
 * environment as the projector (its own recovery tools) and the search subgraph.
 */
export interface RecoveryContext extends Omit<Recovery, 'close'> {
  searchIndex: ReturnType<typeof createSearchIndex>;
  close(): Promise<void>;
}

export function recoveryContext(): RecoveryContext {
  const config = loadProjectorConfig();
  // Quieter than a service by default: the commands print their own report.
  const { LOG_LEVEL } = parseEnv({ LOG_LEVEL: logLevel('warn') });
  const recovery = connectRecovery(config, { logger: createLogger('recovery', LOG_LEVEL) });
  const searchConfig = loadSearchConfig();
  const prisma = createPrisma({ databaseUrl: searchConfig.databaseUrl });
  // The operators' search reconcile reads the shop subgraph as the search indexer does.
  const identity = createIdentityCodec({ services: searchConfig.serviceTokenSecret });
  return {
    ...recovery,
    searchIndex: createSearchIndex(prisma, createShopSource({ url: searchConfig.shopUrl, service: 'search', identity, timeoutMs: 30_000 })),
    async close() {
      recovery.close();
      await prisma.$disconnect();
    },
  };
}
