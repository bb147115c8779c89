import { afterAll, beforeAll, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { DISPLAY, queueKeyPrefix } from '@shopgraph/events/consumers';
import { createRedis } from '@shopgraph/redis-client/redis';
import { TEST_REDIS_URL } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createReadModelStore } from '@shopgraph/read-model';
import { startCommandSide, type CommandSide } from './command-side.js';

let side: CommandSide;
const redis = createRedis(TEST_REDIS_URL, 'read-model');
let down = true;
let calls = 0;

beforeAll(async () => {
  side = await startCommandSide('outage');
  // The shop source is "down" until the test brings it back.
  await side.startProjectorWithShopSource(() => {
    calls += 1;
    return down;
  });
});

afterAll(async () => {
  await side?.close();
  redis.disconnect();
});

it('waits while a source is down without failing jobs, and drains the backlog when it returns', async () => {
  const store = createReadModelStore({ redis, prefix: side.prefix });
  const ownerId = await side.signUp();
  const ids = [await side.createShop(ownerId, '정전 1'), await side.createShop(ownerId, '정전 2'), await side.createShop(ownerId, '정전 3')];
  await waitFor(() => calls >= 6, { what: 'several attempts against the down source', timeoutMs: 20_000 });
  const queue = new Queue(DISPLAY.queue, { prefix: queueKeyPrefix(side.prefix, DISPLAY.queue), connection: { url: TEST_REDIS_URL } });
  try {
    // The circuit breaker opens after a few failures, and the queue pauses instead of burning attempts.
    expect(await queue.getFailedCount()).toBe(0);
    const ready = (await (await fetch(`http://127.0.0.1:${(await side.projectorPort())}/ready`)).json()) as { checks: { sources: { details: Record<string, string> } } };
    expect(ready.checks.sources.details.shop).toBe('open');
    down = false;
    for (const id of ids) await waitFor(() => store.get(id), { what: `shop ${id} after the source returned`, timeoutMs: 20_000 });
    expect(await queue.getFailedCount()).toBe(0);
  } finally {
    await queue.close();
  }
});
