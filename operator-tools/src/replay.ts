/**
 * Publishes events again:
 *
 *   npm run replay -- --failed                      re-enqueue jobs that used up their attempts
 *   npm run replay -- --since 15m [--shop 12]       re-publish outbox events of a time range
 */
import { parseArgs } from 'node:util';
import { createPrisma } from '@shopgraph/db/create-prisma';
import { parseSince } from '@shopgraph/projector';
import { databaseEnv, parseEnv } from '@shopgraph/config/env';
import { queueEnv, queueSettings } from '@shopgraph/events/queue-settings';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createEventPublisher } from '@shopgraph/command-runtime/event-publisher';
import { replayFailed, republishSince } from '@shopgraph/command-runtime/replay';

const { values } = parseArgs({ options: { failed: { type: 'boolean' }, since: { type: 'string' }, shop: { type: 'string' } } });
if (!values.failed === !values.since) {
  console.error('usage: npm run replay -- --failed | --since 15m [--shop 12]');
  process.exit(2);
}
// The settings the services take (one Redis or a cluster's seed nodes, replica waits), parsed as they parse them.
const settings = parseEnv({ ...databaseEnv, ...queueEnv });
const { queueRedisUrl, queuePrefix: prefix, queueReplicaWait } = queueSettings(settings);
const connection = createRedis(queueRedisUrl, 'producer');
try {
  if (values.failed) {
    const counts = await replayFailed(connection, prefix);
    console.log(`replay: re-enqueued ${Object.entries(counts).map(([queue, n]) => `${n} from ${queue}`).join(', ')}`);
  } else {
    const prisma = createPrisma({ databaseUrl: settings.DATABASE_URL });
    const publisher = createEventPublisher({ connection, prefix, replicaWait: queueReplicaWait });
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
