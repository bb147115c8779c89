import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { AggregatorRegistry } from 'prom-client';
import type { Logger } from '@shopgraph/telemetry/logger';
import { connectionShares } from './connection-balance.js';
import { isPeerFill } from './customer-reads/peer-fills.js';
import { tellWorker } from './tell-worker.js';

export interface ClusterOptions {
  workers: number;
  /** V8 old-space limit of each worker, MB (unless the primary was started with one). */
  workerHeapMb: number;
  host: string;
  /** Where the primary serves GET /metrics, aggregated over all workers. */
  metricsPort: number;
  logger: Logger;
}

/** A worker that dies sooner than this after starting is crash-looping: wait before the next. */
const QUICK_DEATH_MS = 5000;

/** A worker's word to its primary that it has begun to drain, and the primary's answer. */
const DRAINING = 'shopgraph:draining';
const STOP_ACCEPTING = 'shopgraph:stop-accepting';
/** How long a draining worker keeps accepting at most, waiting for its replacement to listen. */
const REPLACEMENT_WAIT_MS = 30_000;

/**
 * In a worker that has begun to drain: tells the primary, and resolves once the primary
 * answers that the worker may stop accepting (its replacement listens, or none is coming),
 * so the port never closes with its last listening worker. Resolves at once outside a
 * cluster, and after 30 s whatever happens.
 */
export function replacementListening(): Promise<void> {
  const worker = cluster.worker;
  if (!worker?.isConnected()) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, REPLACEMENT_WAIT_MS);
    function done() {
      clearTimeout(timer);
      worker!.off('message', onMessage);
      worker!.off('disconnect', done);
      resolve();
    }
    function onMessage(message: unknown) {
      if (message === STOP_ACCEPTING) done();
    }
    worker.on('message', onMessage);
    worker.once('disconnect', done);
    tellWorker(worker, DRAINING);
  });
}

/**
 * The primary of the gateway cluster: one worker per core sharing the public port, so the
 * gateway is not capped at one core.
 * The primary only supervises: it replaces workers that die, serves the workers'
 * aggregated metrics, on SIGHUP replaces its workers one at a time (a new one listening
 * before the old one drains), and on SIGTERM/SIGINT lets every worker drain and exits after them.
 * A worker sent SIGTERM by anyone else (an operator, a supervisor) is replaced the same way:
 * it keeps accepting (answering with `Connection: close`) until its replacement listens.
 */
export function runClusterPrimary({ workers, workerHeapMb, host, metricsPort, logger }: ClusterOptions): void {
  // Workers accept connections from the shared socket themselves. With Node's default
  // round-robin, the primary accepts each connection and passes it to a worker; a worker that
  // dies before acknowledging one (a crash, an out-of-memory abort) leaves it in the primary
  // for ever, never answered and never closed (test/worker-death.test.ts). Here a connection
  // the kernel queued stays in the queue until a live worker takes it.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  if (!process.execArgv.some((arg) => arg.startsWith('--max-old-space-size'))) {
    cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-old-space-size=${workerHeapMb}`] });
  }
  const startedAt = new Map<number, number>();
  // How many connections each worker holds, so that none holds far more than its share (connection-balance.ts).
  const shares = connectionShares();
  /** Workers draining whose replacement is started (a rolling restart, a SIGTERM): their exit is expected, not replaced again. */
  const retiring = new Set<number>();
  let stopping = false;
  let rolling = false;
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    // Anything else its channel raises: the worker's exit is handled below, and the primary must outlive it.
    worker.on('error', (error) => logger.warn({ err: error, pid: worker.process.pid }, 'gateway worker channel error'));
    worker.on('message', (message: unknown) => {
      if (message === DRAINING) replaceDraining(worker);
      // What one worker's response cache stored, for the others' (see peer-fills.ts).
      else if (isPeerFill(message)) {
        for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker) tellWorker(other, message);
      } else shares.heard(worker, message);
    });
    return worker;
  };
  const listening = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      worker.once('listening', () => resolve());
      worker.once('exit', () => reject(new Error('the new worker exited before it listened')));
    });
  const stopAccepting = (worker: Worker) => tellWorker(worker, STOP_ACCEPTING);
  // A worker the primary retires (a rolling restart, a stop) already has its replacement, or
  // needs none; one that drains on its own is replaced first.
  const replaceDraining = (worker: Worker) => {
    if (stopping || retiring.has(worker.id)) {
      stopAccepting(worker);
      return;
    }
    retiring.add(worker.id);
    logger.info({ pid: worker.process.pid }, 'gateway worker draining; starting its replacement');
    listening(fork()).then(
      () => stopAccepting(worker),
      (error: unknown) => {
        logger.error({ err: error }, 'replacement of a draining worker failed; it stops accepting anyway');
        stopAccepting(worker);
      },
    );
  };
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    shares.forget(worker);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (retiring.delete(worker.id)) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'gateway worker died; starting another');
    setTimeout(fork, lived < QUICK_DEATH_MS ? 1000 : 0);
  });
  for (let i = 0; i < workers; i += 1) fork();

  const registry = new AggregatorRegistry();
  const metrics = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.clusterMetrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        logger.warn({ err: error }, 'metrics collection failed');
        res.writeHead(500).end();
      },
    );
  });
  metrics.listen(metricsPort, host, () => logger.info({ url: `http://${host}:${metricsPort}/metrics`, workers }, 'gateway cluster started'));

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'stopping gateway workers');
    metrics.close();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  // The conventional reload signal: new code or settings without a moment with no worker.
  const rollingRestart = async () => {
    for (const old of Object.values(cluster.workers ?? {})) {
      if (!old || stopping) return;
      if (retiring.has(old.id) || old.isDead()) continue; // draining already (replacement started), or died (replaced)
      const fresh = fork();
      await listening(fresh);
      if (old.isDead()) {
        // It died while this one started, and the exit handler has started another: one too many.
        retiring.add(fresh.id);
        fresh.process.kill('SIGTERM');
        continue;
      }
      retiring.add(old.id);
      const exited = new Promise((resolve) => old.once('exit', resolve));
      old.process.kill('SIGTERM'); // it stops accepting, finishes what it has, and exits
      await exited;
    }
  };
  process.on('SIGHUP', () => {
    if (rolling || stopping) return;
    rolling = true;
    logger.info('rolling restart: replacing workers one at a time');
    rollingRestart().then(
      () => logger.info('rolling restart done'),
      (error: unknown) => logger.error({ err: error }, 'rolling restart stopped; the remaining workers keep serving'),
    ).finally(() => (rolling = false));
  });
}
