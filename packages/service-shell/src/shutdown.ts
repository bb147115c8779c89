import type { Logger } from '@shopgraph/telemetry/logger';
import { stopTracing } from '@shopgraph/telemetry/tracing';

/**
 * Closes the service once on SIGINT/SIGTERM through the same close() the tests use,
 * and exits; a second signal exits at once.
 */
export function closeOnSignal(
  logger: Logger,
  close: () => Promise<void>,
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    logger.info({ signal }, 'shutting down');
    // Buffered spans are sent last, so the shutdown's own spans go too.
    close()
      .finally(stopTracing)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  for (const signal of signals) process.once(signal, onSignal);
}
