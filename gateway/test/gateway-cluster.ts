import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childrenOf } from '@shopgraph/testing/child-processes';
import { freePort } from '@shopgraph/testing/private-redis';
import { waitFor } from '@shopgraph/testing/wait-for';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/**
 * The real gateway process (cluster primary and workers) on spare ports, with every subgraph
 * unreachable: for tests of the process itself (signals, workers), not of GraphQL.
 */
export async function startGatewayCluster(workers: number, env: Record<string, string> = {}) {
  const port = await freePort();
  const metricsPort = await freePort();
  const nowhere = `http://127.0.0.1:${await freePort()}/graphql`;
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
      OWNER_URL: nowhere,
      SHOP_URL: nowhere,
      REVIEW_URL: nowhere,
      DISPLAY_URL: nowhere,
      SEARCH_URL: nowhere,
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
