/**
 * Benchmark floor for a request's fixed cost: a bare Node HTTP server answering every POST with
 * the same small JSON, no GraphQL, no Redis. What one request costs it at a given rate is what
 * any process of the stack pays per request it takes, before doing any work (request-floor.ts).
 *
 *   tsx bench/src/baselines/bare-http.ts [--port 4103]
 */
import '../exit-with-bench.ts';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const port = Number(parseArgs({ options: { port: { type: 'string', default: '4103' } } }).values.port);
const answer = '{"data":{"shop":{"id":"1","name":"floor","notice":null}}}';

createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(answer);
  });
}).listen(port, '127.0.0.1', () => console.log(`bare HTTP server at http://127.0.0.1:${port}`));
