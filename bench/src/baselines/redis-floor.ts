/**
 * Benchmark floor: a bare Node HTTP server answering `shop(id)` with one Redis GET of the
 * read-model document, no GraphQL at all. Nothing built on this read model can be faster.
 *
 *   READ_MODEL_REDIS_URL=… tsx bench/src/baselines/redis-floor.ts [--port 4102]
 */
import '../exit-with-bench.ts';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { parseEnv } from '@shopgraph/config/env';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createReadModelStore, readModelEnv } from '@shopgraph/read-model';

// The read model's settings as the display subgraph takes them (one node or a cluster's seed nodes).
const settings = parseEnv(readModelEnv);
/** `--port`, default 4102: where `npm run bench` expects the floor. */
const port = Number(parseArgs({ options: { port: { type: 'string', default: '4102' } } }).values.port);
const redis = createRedis(settings.READ_MODEL_REDIS_URL, 'read-model');
const { documentKey } = createReadModelStore({ redis, prefix: settings.READ_MODEL_PREFIX });

createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => {
    try {
      const id = (JSON.parse(body) as { variables?: { id?: string } }).variables?.id ?? '';
      const document = await redis.get(documentKey(id));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"data":{"shop":${document ?? 'null'}}}`);
    } catch {
      res.writeHead(400).end();
    }
  });
}).listen(port, '127.0.0.1', () => console.log(`redis floor at http://127.0.0.1:${port}`));
