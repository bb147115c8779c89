import { fork } from 'node:child_process';
import { runCustomerReads, type CustomerReadsOptions, type CustomerReadsResult } from './customer-reads.ts';

/**
 * Customer reads run beside a load in a process of their own (`runCustomerReads`), started
 * and ready before the returned `start` is called. Timed in the process that also sends 600
 * updates a second, a read waited for that process's event loop as well as for the gateway:
 * at W3 on 2026-12-06 the bench's loop ran up to 218 ms late (p99 45 ms) while the gateway's
 * ran at most 38 ms late, and the reads' p99 (132 ms) was mostly the bench's own wait.
 */
export async function readInChildProcess(options: CustomerReadsOptions): Promise<{ pid: number | undefined; start: () => Promise<CustomerReadsResult> }> {
  if (options.count === 0 || options.shopIds.length === 0) return { pid: undefined, start: () => runCustomerReads(options) };
  const child = fork(new URL('./customer-reads-child.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`the customer reads' process ended (${signal ?? code}) before its result`))),
  );
  await Promise.race([new Promise((ready) => child.once('message', ready)), exited]);
  return {
    pid: child.pid,
    start: () => {
      const result = new Promise<CustomerReadsResult>((resolve) => child.once('message', (message) => resolve(message as CustomerReadsResult)));
      child.send(options);
      return Promise.race([result, exited]);
    },
  };
}
