import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from '@shopgraph/telemetry/logger';
import { runReadinessChecks, type ReadinessCheck } from './readiness.js';
import { withAdmission } from './admission.js';
import type { LoadShedder } from './load-shedder.js';
import { serveMetrics } from '@shopgraph/telemetry/metrics';
import { requestErrorHandler, sendRetryLater } from './request-errors.js';

export interface HttpServerOptions {
  logger: Logger;
  /** Dependencies that must be reachable for GET /ready to answer 200. */
  readiness?: Record<string, ReadinessCheck>;
  /** Mounts the service's own routes. */
  routes?: (app: Express) => void;
  /**
   * GET /metrics on this app. Off where the port is public (the gateway's metrics have a
   * port of their own).
   * @default true
   */
  metrics?: boolean;
}

export interface RunningServer {
  /** http://host:port of the listening server. */
  url: string;
  port: number;
  close(): Promise<void>;
  /**
   * Stops taking connections and lets the open ones end by themselves: requests still arriving
   * on them are answered with `Connection: close` (the client retires the connection), and
   * clients that honour the announced keep-alive (`Keep-Alive: timeout=…`, see
   * `announcedKeepAliveMs`) close their idle ones themselves. Unlike close(), it never closes
   * an idle connection within the keep-alive it announced, when the client may be sending a
   * request on it at that instant. Connections still idle after `drainTimeoutMs` are closed
   * then (clients that ignore the announcement, such as load balancers, take that risk), and
   * any left after a few more seconds are cut. Resolves when every connection has ended.
   *
   * `acceptUntil`: keep accepting until it settles (every answer already says
   * `Connection: close`), as a worker does until its replacement listens: in a cluster, the
   * port closes with its last listening worker, and clients would be refused in between.
   */
  drain(acceptUntil?: PromiseLike<unknown>): Promise<void>;
}

/**
 * An Express app with the routes every service has: GET /health (liveness: the process
 * answers), GET /ready (every dependency reachable, with details) and GET /metrics.
 */
export function createHttpApp({ logger, readiness = {}, routes, metrics = true }: HttpServerOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const report = await runReadinessChecks(readiness);
    if (!report.ready) logger.warn({ report }, 'not ready');
    res.status(report.ready ? 200 : 503).json(report);
  });
  if (metrics) serveMetrics(app);
  routes?.(app);
  app.use(requestErrorHandler((error) => logger.error({ err: error }, 'request failed outside GraphQL')));
  return app;
}

/** How long close() waits for busy connections before cutting them. */
const CLOSE_GRACE_MS = 3000;

export interface ListenOptions {
  /**
   * A request not answered by then gets a coded 503 and its connection is closed, so no
   * request waits forever whatever hangs behind it; Node's own limit for receiving a
   * request is set to the same.
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Requests served at once; one more is refused at once with 503 (see `withAdmission`).
   * @default unlimited
   */
  maxInFlight?: number;
  /** Refuses requests while the process is overloaded (see `createLoadShedder`). */
  shedder?: LoadShedder;
  /**
   * How long the server keeps an idle keep-alive connection: longer than the idle timeout of a
   * load balancer in front (which ignores `Keep-Alive` headers), so the balancer, never the
   * server, closes an idle connection.
   * @default 65000
   */
  keepAliveTimeoutMs?: number;
  /**
   * The idle keep-alive announced to clients (`Keep-Alive: timeout=…`), shorter than the one
   * kept: a client that honours it (Node's fetch closes 2 s before) closes an idle connection
   * itself, before a drain would, so a restart never closes one under a request it is sending.
   * @default 5000
   */
  announcedKeepAliveMs?: number;
  /**
   * The longest drain() waits for idle connections to end by themselves (at most the
   * keep-alive timeout). Keep it above `announcedKeepAliveMs`: idle connections still open
   * then are those of clients that ignore the announcement.
   * @default 10000
   */
  drainTimeoutMs?: number;
  /**
   * Connections the kernel completes and queues for the process before it accepts them (capped
   * by net.core.somaxconn). Past it a client's SYN is dropped and sent again 1 s, 3 s, 7 s later,
   * so a burst larger than the queue reaches admission control seconds late, and even its
   * refusals are slow: Node's default, 511, made a burst of 1,000 clicks wait up to 7 s.
   * @default 4096
   */
  backlog?: number;
  /**
   * Long-lived streams (Server-Sent Events) are not requests: those `matches` picks go to
   * `listener` without the request deadline, `maxInFlight` or the shedder, and never take a
   * slot an ordinary request needs; the listener bounds them itself.
   */
  streams?: { matches(req: IncomingMessage): boolean; listener: RequestListener };
  /**
   * Asked at each request: true closes its connection once it is answered, so the client opens
   * its next one, which another process sharing the port may take (see the gateway's
   * `balanceConnections`).
   */
  retire?: () => boolean;
}

/**
 * Answers a request that its handler has not answered within `ms`. The handler may still
 * try to write later: its response has ended by then and the write is dropped.
 */
export function withDeadline(listener: RequestListener, ms: number): RequestListener {
  return (req, res) => {
    const timer = setTimeout(() => {
      if (res.writableEnded) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendRetryLater(res, `The request was not answered within ${ms} ms; try again shortly.`);
    }, ms);
    res.once('close', () => clearTimeout(timer));
    res.once('finish', () => clearTimeout(timer));
    listener(req, res);
  };
}

/** Listens on host:port (port 0 picks a free one) and returns a closable handle. */
export function listen(
  app: Express | RequestListener,
  port: number,
  host: string,
  {
    requestTimeoutMs = 30_000,
    maxInFlight,
    shedder,
    keepAliveTimeoutMs = 65_000,
    announcedKeepAliveMs = 5_000,
    drainTimeoutMs = 10_000,
    backlog = 4096,
    streams,
    retire,
  }: ListenOptions = {},
): Promise<RunningServer & { server: Server }> {
  return new Promise((resolve, reject) => {
    const deadlined = withDeadline(app as RequestListener, requestTimeoutMs);
    const admitted = maxInFlight || shedder ? withAdmission(deadlined, maxInFlight ?? Number.POSITIVE_INFINITY, shedder) : deadlined;
    let draining = false;
    // Node announces its own keepAliveTimeout unless the response carries a Keep-Alive header.
    const announced = `timeout=${Math.max(1, Math.floor(Math.min(announcedKeepAliveMs, keepAliveTimeoutMs) / 1000))}`;
    const server = createServer((req, res) => {
      // Node then closes the connection after this response: the client opens its next one elsewhere.
      if (draining || (res.shouldKeepAlive && retire?.())) res.shouldKeepAlive = false;
      else if (res.shouldKeepAlive) res.setHeader('Keep-Alive', announced);
      if (streams?.matches(req)) streams.listener(req, res);
      else admitted(req, res);
    }).listen(port, host, backlog);
    server.keepAliveTimeout = keepAliveTimeoutMs;
    server.requestTimeout = requestTimeoutMs;
    server.headersTimeout = Math.min(requestTimeoutMs, 60_000);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      resolve({
        server,
        port: address.port,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
        drain: async (acceptUntil) => {
          draining = true;
          await Promise.resolve(acceptUntil).catch(() => {});
          return new Promise<void>((done) => {
            const waited = Math.min(keepAliveTimeoutMs, drainTimeoutMs);
            const idle = setTimeout(() => server.closeIdleConnections(), waited);
            const force = setTimeout(() => server.closeAllConnections(), waited + CLOSE_GRACE_MS);
            // net.Server's close stops accepting and calls back once every connection has ended;
            // http.Server's would also close the idle ones at once (see above).
            NetServer.prototype.close.call(server, () => {
              clearTimeout(idle);
              clearTimeout(force);
              done();
            });
          });
        },
        // Stops accepting, lets requests in flight finish, and after a grace period cuts
        // keep-alive connections that clients keep busy (they would hold close() forever).
        close: () =>
          new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
