import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childrenOf } from '@shopgraph/testing/child-processes';
import { freePort } from '@shopgraph/testing/free-port';
import { waitFor } from '@shopgraph/testing/wait-for';
import { unreachableSubgraphs } from './unreachable-subgraphs.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/**
 * The real gateway process (cluster primary and workers) on spare ports, with every subgraph
 * unreachable: for tests of the process itself (signals, workers), not of GraphQL. Load
 * shedding is off, as in the other gateway tests whose answers are not about it: on 2 cores
 * beside other suites a worker's event loop ran 100 ms late and its shedder answered the
 * rolling-restart test's reads 503 (CI, load average 15-24).
 */
export async function startGatewayCluster(workers: number, env: Record<string, string> = {}) {
  const port = await freePort();
  const metricsPort = await freePort();
  const primary: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      APOLLO_TELEMETRY_DISABLED: '1',
      GATEWAY_PORT: String(port),
      GATEWAY_METRICS_PORT: String(metricsPort),
      GATEWAY_WORKERS: String(workers),
      GATEWAY_RESPONSE_CACHE: 'false',
      GATEWAY_THROTTLES: 'false',
      GATEWAY_SHED_EVENT_LOOP_DELAY_MS: '0',
      ...(await unreachableSubgraphs()),
      ...env,
    },
    stdio: 'ignore',
  });
  await waitFor(() => childrenOf(primary.pid!).length === workers && fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false), {
    what: `the gateway and its ${workers} worker(s)`,
    timeoutMs: 30_000,
  });
  return { primary, port, metricsPort, workers: () => childrenOf(primary.pid!) };
}

/**
 * Customers reading through Node's own fetch (undici's keep-alive pool, as a frontend server's
 * would): `loops` readers, each sending GET /health and POST /graphql in turn with a short
 * random pause, so the pool holds busy and idle connections at once. `stop()` ends them and
 * returns every failed read (a status other than 200, or the client's error and its cause).
 */
export function keepAliveReaders(baseUrl: string, loops: number) {
  let running = true;
  const failures: string[] = [];
  const readers = {
    answered: 0,
    async stop(): Promise<string[]> {
      running = false;
      await Promise.all(readLoops);
      return failures;
    },
  };
  const read = (n: number) =>
    n % 2 === 0
      ? fetch(`${baseUrl}/health`)
      : fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  const readLoops = Array.from({ length: loops }, async () => {
    for (let n = 0; running; n += 1) {
      await read(n).then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status === 200) readers.answered += 1;
          else failures.push(`HTTP ${response.status}`);
        },
        (error: Error) => failures.push(`${error.message}: ${(error.cause as Error | undefined)?.message ?? ''}`),
      );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
    }
  });
  return readers;
}
