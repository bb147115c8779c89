import cluster, { type Worker } from 'node:cluster';
import type { Server } from 'node:http';
import { isClusterMessage } from './cluster-message.js';
import { tellWorker } from './tell-worker.js';

/** A worker's count of its open connections, sent to the primary every `REPORT_EVERY_MS`. */
const OPEN_CONNECTIONS = 'shopgraph:open-connections';
/** The primary's answer: the connections each worker would hold were they spread evenly. */
const CONNECTION_SHARE = 'shopgraph:connection-share';
const REPORT_EVERY_MS = 1000;
/**
 * Connections a worker may hold above its share before it retires any: the workers count at
 * different instants while clients connect and leave, so one just over its share is left alone.
 */
const SLACK = 1;

interface OpenConnections {
  kind: typeof OPEN_CONNECTIONS;
  open: number;
}
interface ConnectionShare {
  kind: typeof CONNECTION_SHARE;
  share: number;
}

const isOpenConnections = isClusterMessage<OpenConnections>(OPEN_CONNECTIONS);
const isConnectionShare = isClusterMessage<ConnectionShare>(CONNECTION_SHARE);

/**
 * Keeps a gateway worker from holding far more than its share of the clients' keep-alive
 * connections. The workers take connections from the shared socket themselves (the primary's
 * `SCHED_NONE`), and a client that opens its connections at once can find one worker taking
 * nearly all of them (1 and 31 of a load generator's 32 were seen): that worker then serves
 * everything on one core while the other idles, for as long as the connections live (the
 * cached `shop(id)` row of 2026-12-05 13:11 ran at half the usual rate). So each worker tells
 * the primary how many connections it holds; the primary answers with the even share; a
 * worker above it by more than one answers that many requests with `Connection: close`, and
 * their clients open new connections, which the worker with fewer, being idler, is the likelier
 * to take (and the next report corrects again if not). A client loses nothing: the answer is
 * whole, and keep-alive clients open another connection when one is closed after an answer.
 *
 * In a worker: `retire` is `ListenOptions.retire`; `watch` counts the server's connections.
 * Outside a cluster nothing is ever retired.
 */
export function balanceConnections() {
  const worker = cluster.worker;
  let open = 0;
  let excess = 0;
  let timer: NodeJS.Timeout | undefined;
  const onMessage = (message: unknown) => {
    if (isConnectionShare(message)) excess = Math.max(0, open - message.share - SLACK);
  };
  return {
    retire(): boolean {
      if (excess <= 0) return false;
      excess -= 1;
      return true;
    },
    watch(server: Server): void {
      server.on('connection', (socket) => {
        open += 1;
        socket.once('close', () => (open -= 1));
      });
      if (!worker) return;
      worker.on('message', onMessage);
      timer = setInterval(() => {
        tellWorker(worker, { kind: OPEN_CONNECTIONS, open } satisfies OpenConnections);
      }, REPORT_EVERY_MS);
      timer.unref();
    },
    close(): void {
      clearInterval(timer);
      worker?.off('message', onMessage);
    },
  };
}

/**
 * The primary's half of `balanceConnections`: keeps each worker's last count and answers a
 * worker's report with the even share over the workers that report; other messages pass.
 */
export function connectionShares() {
  const open = new Map<number, number>();
  return {
    heard(worker: Worker, message: unknown): void {
      if (!isOpenConnections(message)) return;
      open.set(worker.id, message.open);
      let total = 0;
      for (const count of open.values()) total += count;
      tellWorker(worker, { kind: CONNECTION_SHARE, share: Math.ceil(total / open.size) } satisfies ConnectionShare);
    },
    forget(worker: Worker): void {
      open.delete(worker.id);
    },
  };
}
