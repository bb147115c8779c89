/**
 * Benchmark floor: a bare Node HTTP server answering `shop(id)` with one Redis GET of the
 * read-model document, no GraphQL at all. Nothing built on this read model can be faster.
 *
 *   PORT=4102 READ_MODEL_REDIS_URL=… tsx scripts/baselines/redis-floor.ts
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';

const redis = new Redis(process.env.READ_MODEL_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = process.env.READ_MODEL_PREFIX ?? 'shopgraph';

createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => {
    try {
      const id = (JSON.parse(body) as { variables?: { id?: string } }).variables?.id ?? '';
      const document = await redis.get(`${prefix}:shop:{${id}}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"data":{"shop":${document ?? 'null'}}}`);
    } catch {
      res.writeHead(400).end();
    }
  });
}).listen(Number(process.env.PORT ?? 4102), '127.0.0.1', () => console.log(`redis floor at http://127.0.0.1:${process.env.PORT ?? 4102}`));
