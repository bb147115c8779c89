import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedis } from '@shopgraph/redis-client/redis';
import { TEST_REDIS_URL } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createReadModelStore } from '@shopgraph/read-model';
import { startCommandSide, type CommandSide } from './command-side.js';

let side: CommandSide;
const redis = createRedis(TEST_REDIS_URL, 'read-model');
let failures = 0;

beforeAll(async () => {
  side = await startCommandSide('retry');
  // The only projector: its first two shop reads fail as if the shop subgraph were down.
  await side.startProjectorWithShopSource(() => {
    if (failures >= 2) return false;
    failures += 1;
    return true;
  });
});

afterAll(async () => {
  await side?.close();
  redis.disconnect();
});

it('retries a job whose source read failed until it succeeds, with no further event', async () => {
  const store = createReadModelStore({ redis, prefix: side.prefix });
  const ownerId = await side.signUp();
  const shopId = await side.createShop(ownerId, '재시도');
  const doc = await waitFor(() => store.get(shopId).then((d) => d ?? undefined), { what: 'the retried projection', timeoutMs: 15_000 });
  expect(failures).toBe(2);
  expect(doc.name).toBe('재시도');
});
