/**
 * Publishes events again:
 *
 *   npm run replay -- --failed                      re-enqueue jobs that used up their attempts
 *   npm run replay -- --since 15m [--shop 12]       re-publish outbox events of a time range
 */
import { parseArgs } from 'node:util';
import { createPrisma } from '@shopgraph/db/create-prisma';
import { parseSince } from '@shopgraph/projector';
import { createRedis } from '@shopgraph/kit/redis';
import { createEventPublisher } from '@shopgraph/command-runtime/event-publisher';
import { replayFailed, republishSince } from '@shopgraph/command-runtime/replay';

const { values } = parseArgs({ options: { failed: { type: 'boolean' }, since: { type: 'string' }, shop: { type: 'string' } } });
if (!values.failed === !values.since) {
  console.error('usage: npm run replay -- --failed | --since 15m [--shop 12]');
  process.exit(2);
}
const connection = createRedis(process.env.QUEUE_REDIS_URL ?? 'redis://127.0.0.1:6379', 'producer');
const prefix = process.env.QUEUE_PREFIX ?? 'shopgraph';
try {
  if (values.failed) {
    const counts = await replayFailed(connection, prefix);
    console.log(`replay: re-enqueued ${Object.entries(counts).map(([queue, n]) => `${n} from ${queue}`).join(', ')}`);
  } else {
    const prisma = createPrisma({ databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/shopgraph' });
    const publisher = createEventPublisher({ connection, prefix });
    try {
      const since = parseSince(values.since!);
      const count = await republishSince(prisma, publisher, since, values.shop);
      console.log(`replay: re-published ${count} events since ${since.toISOString()}${values.shop ? ` for shop ${values.shop}` : ''}`);
    } finally {
      await publisher.close();
      await prisma.$disconnect();
    }
  }
} finally {
  connection.disconnect();
}
