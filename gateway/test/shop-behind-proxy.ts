import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { loadConfig as loadShopConfig, startShopSubgraph } from '@shopgraph/shop-subgraph';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { TEST_REDIS_URL } from '@shopgraph/testing/test-redis';

export interface ShopBehindProxy {
  db: TestDatabase;
  shop: CommandSubgraph;
  /** What a test gateway needs to reach it: SHOP_URL (the proxy), the internal secret, and Redis under the same prefix. */
  gatewayEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The real shop subgraph on its own test database, behind a proxy that shows each call to
 * `onCall` first, which passes it on (`pass()`), now or later, or answers it itself: a
 * subgraph that refuses or holds calls, as a busy one does, with everything else real.
 */
export async function startShopBehindProxy({
  database,
  queuePrefix,
  internalTokenSecret,
  onCall = (_incoming, _outgoing, pass) => pass(),
}: {
  database: string;
  queuePrefix: string;
  internalTokenSecret: string;
  onCall?: (incoming: IncomingMessage, outgoing: ServerResponse, pass: () => void) => void;
}): Promise<ShopBehindProxy> {
  const db = await createTestDatabase(database);
  const shop = await startShopSubgraph(
    loadShopConfig({ SHOP_PORT: '0', DATABASE_URL: db.url, QUEUE_REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: queuePrefix, INTERNAL_TOKEN_SECRET: internalTokenSecret }),
    createLogger('shop', 'silent'),
  );
  const target = new URL(shop.graphqlUrl);
  const proxy: Server = createServer((incoming, outgoing) =>
    onCall(incoming, outgoing, () => {
      const forward = request({ host: target.hostname, port: target.port, path: target.pathname, method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      incoming.pipe(forward);
    }),
  );
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
  return {
    db,
    shop,
    gatewayEnv: {
      SHOP_URL: url,
      INTERNAL_TOKEN_SECRET: internalTokenSecret,
      READ_MODEL_REDIS_URL: TEST_REDIS_URL,
      READ_MODEL_PREFIX: queuePrefix,
      THROTTLE_REDIS_URL: TEST_REDIS_URL,
      THROTTLE_PREFIX: queuePrefix,
    },
    async close() {
      await new Promise((resolve) => proxy.close(resolve));
      await shop.close();
      await db.drop();
    },
  };
}
