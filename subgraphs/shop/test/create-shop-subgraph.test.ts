import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import { createRedis, type RedisClient } from '@shopgraph/redis-client/redis';
import { dataOf, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { loadConfig } from '../src/config.js';
import { createShopSubgraph } from '../src/create-shop-subgraph.js';

const SECRET = 'shop-factory-internal-secret';
let db: TestDatabase;
let prefix: string;
let prisma: PrismaClient;
let queue: RedisClient;

beforeAll(async () => {
  db = await createTestDatabase('shop-factory');
  prefix = uniquePrefix('shop-factory');
  prisma = createPrisma({ databaseUrl: db.url });
  queue = createRedis(TEST_REDIS_URL, 'producer');
});

afterAll(async () => {
  queue?.disconnect();
  await prisma?.$disconnect();
  await db?.drop();
  await deleteKeysWithPrefix(prefix);
});

it('is built from the clients it is given, serves once it listens, and leaves those clients open when it closes', async () => {
  const settings = loadConfig({ QUEUE_PREFIX: prefix, INTERNAL_TOKEN_SECRET: SECRET });
  const subgraph = createShopSubgraph({ prisma, queue, logger: createLogger('shop', 'silent'), settings });
  expect(subgraph.prisma).toBe(prisma);

  const { graphqlUrl } = await subgraph.listen(0, '127.0.0.1');
  const owner = { [IDENTITY_HEADER]: await createIdentityCodec(SECRET).sign({ kind: 'owner', ownerId: '7' }, 'shop') };
  const created = await graphqlRequest(
    graphqlUrl,
    `mutation { createShop(input: { name: "factory", category: CHICKEN, phone: "02-123-4567", address: "서울" }) { id } }`,
    {},
    owner,
  );
  expect(dataOf(created).createShop.id).toBeTruthy();
  await subgraph.close();

  await expect(fetch(graphqlUrl)).rejects.toThrow();
  // The test's clients, not the subgraph's: still open for whoever owns them.
  expect(await prisma.shop.count()).toBe(1);
  expect(await queue.ping()).toBe('PONG');
});

it('closes without ever having listened', async () => {
  const subgraph = createShopSubgraph({ prisma, queue, logger: createLogger('shop', 'silent'), settings: loadConfig({ QUEUE_PREFIX: prefix }) });
  await expect(subgraph.close()).resolves.toBeUndefined();
});
