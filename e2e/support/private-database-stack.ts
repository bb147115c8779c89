import { TEST_REDIS_URL } from '@shopgraph/testing/test-redis';
import { startPrivateDatabase } from '@shopgraph/testing/private-database';
import { startStack } from './stack.js';

/** The e2e stack on a PostgreSQL server of its own (`postgres.stop()` / `start()`), on the shared test Redis. */
export async function startPrivateDatabaseStack(label: string, env: Record<string, string> = {}) {
  const { postgres, databaseUrl } = await startPrivateDatabase();
  try {
    const stack = await startStack({ label, databaseUrl, env });
    return {
      stack,
      postgres,
      databaseUrl,
      redisUrl: TEST_REDIS_URL,
      async close() {
        await stack.close();
        await postgres.destroy();
      },
    };
  } catch (error) {
    await postgres.destroy();
    throw error;
  }
}

export type PrivateDatabaseStack = Awaited<ReturnType<typeof startPrivateDatabaseStack>>;
