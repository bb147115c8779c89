import { commonEnv, databaseEnv, serviceIdentityEnv, serviceShellSettings, serviceTokenSecret, subgraphEnv } from '@shopgraph/config/env';
import { queueEnv, queueSettings } from '@shopgraph/events/queue-settings';

/**
 * The variables every command subgraph reads (the service shell, its identity keys, its
 * PostgreSQL, the queues its outbox relay publishes to), so that each subgraph's
 * `loadConfig` names only what is its own.
 */
export const commandSubgraphEnv = { ...commonEnv, ...subgraphEnv, ...serviceIdentityEnv, ...databaseEnv, ...queueEnv };

type CommandSubgraphVars = Parameters<typeof serviceShellSettings>[0] &
  Parameters<typeof serviceTokenSecret>[0] &
  Parameters<typeof queueSettings>[0] & { DATABASE_URL: string; DATABASE_POOL_MIN: number };

/** The settings `startCommandSubgraph` and the relay take, from `commandSubgraphEnv`'s variables. */
export function commandSubgraphSettings(vars: CommandSubgraphVars) {
  return {
    ...serviceShellSettings(vars),
    serviceTokenSecret: serviceTokenSecret(vars),
    databaseUrl: vars.DATABASE_URL,
    databasePoolMin: vars.DATABASE_POOL_MIN,
    ...queueSettings(vars),
  };
}
