import cluster from 'node:cluster';
import { createLogger } from '@shopgraph/telemetry/logger';
import { closeOnSignal } from '@shopgraph/service-shell/shutdown';
import { replacementListening, runClusterPrimary } from './cluster.js';
import { loadConfig } from './config.js';

// @apollo/gateway 2.14 sends anonymous telemetry unless told not to; nothing outside is reachable anyway.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

const config = loadConfig();
const logger = createLogger('gateway', config.logLevel);
if (cluster.isPrimary) {
  runClusterPrimary({ workers: config.workers, workerHeapMb: config.workerHeapMb, host: config.host, metricsPort: config.metricsPort, logger });
} else {
  // Only workers load Apollo: the primary stays small.
  const { createGateway } = await import('./create-gateway.js');
  const { registerGatewayMetrics } = await import('./metrics.js');
  const gateway = await createGateway(config, logger.child({ worker: cluster.worker?.id })).listen();
  registerGatewayMetrics(gateway.responseCache, gateway.liveUpdates);
  // Ctrl-C reaches the whole process group; the primary turns it into one SIGTERM per
  // worker, and a worker drains its requests on that alone.
  process.on('SIGINT', () => {});
  // SIGHUP is the primary's to act on (a rolling restart); one sent to the whole group must not end a worker.
  process.on('SIGHUP', () => {});
  // Drain first: no client's idle connection is closed under a request it is sending (see
  // drain()); the port is left only once a replacement listens on it, so no client is refused.
  closeOnSignal(
    logger,
    async () => {
      await gateway.drain(replacementListening());
      await gateway.close();
    },
    ['SIGTERM'],
  );
}
