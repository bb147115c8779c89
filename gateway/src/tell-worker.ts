import type { Worker } from 'node:cluster';

/**
 * Sends a message between the cluster's primary and a worker, if their channel is open, and
 * drops it if the other end is gone. A worker that has just died can still look connected (the
 * primary has not yet read the channel's end), and a send then fails with EPIPE, which Node
 * raises as an 'error' event on the Worker unless the send has a callback: unhandled, it took
 * down the gateway's primary, and every worker with it, during a rolling restart under load.
 * No one is left to read the message, so there is nothing to retry.
 */
export function tellWorker(worker: Worker, message: object | string): void {
  if (worker.isConnected()) worker.send(message, undefined, () => {});
}
