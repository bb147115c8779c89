import cluster from 'node:cluster';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import bytes from 'bytes';
import { createAuthTokens } from '@shopgraph/identity/auth-token';
import { createAdmission } from '@shopgraph/service-shell/admission';
import { listen, type RunningServer } from '@shopgraph/service-shell/http-server';
import { balanceConnections } from './connection-balance.js';
import { createIdentityCodec, createIdentitySigner, type Audience } from '@shopgraph/identity/identity';
import { createLoadShedder, type LoadShedder } from '@shopgraph/service-shell/load-shedder';
import { createLogger, type Logger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import { serverSpans } from '@shopgraph/telemetry/server-span';
import type { GatewayConfig } from './config.js';
import { createApolloRuntime } from './create-apollo-runtime.js';
import { createGatewayApp, isStream } from './create-gateway-app.js';
import { isDashboardRequest } from './dashboard/dashboard-route.js';
import { createCustomerReads } from './customer-reads/customer-reads.js';
import { isPeerFill } from './customer-reads/peer-fills.js';
import type { ResponseCache } from './customer-reads/response-cache.js';
import { subscribeToReadModelChanges } from './invalidation-subscriber.js';
import { createDisplayLiveReader } from './live-updates/display-live-reader.js';
import { createLiveUpdates, type LiveUpdates } from './live-updates/create-live-updates.js';
import { createLoginThrottle } from './login-throttle.js';
import { createSubgraphFetch } from '@shopgraph/service-shell/subgraph-fetch';
import { createThrottles, throttlePlugin } from './throttle-plugin.js';
import { createDirectWrites } from './owner-writes/direct-writes.js';
import { writesFront } from './owner-writes/writes-front.js';
import { followProjectionLag, writeLimit } from './owner-writes/write-limit.js';
import type { PlannedRequest } from './planned-request.js';
import { tellWorker } from './tell-worker.js';

export interface RunningGateway extends RunningServer {
  graphqlUrl: string;
  /** Null when the response cache is turned off. */
  responseCache: ResponseCache | null;
  /** Live streams' and fan-out's tallies; null when live updates are off. */
  liveUpdates: Pick<LiveUpdates, 'stats'> | null;
}

/**
 * The public gateway: the customer read path (`createCustomerReads`) in front of Apollo
 * Server over @apollo/gateway (`createApolloRuntime`), live updates, throttles, admission.
 * Builds; `listen()` starts Apollo Server and opens the port. `close()` releases everything.
 */
export function createGateway(config: GatewayConfig, logger: Logger = createLogger('gateway', config.logLevel)) {
  // The gateway's key only: it signs customers and owners, and cannot sign a service identity.
  const identities = createIdentityCodec({ gateway: config.internalTokenSecret });
  // Each subgraph gets tokens for itself only (their audience), which no other subgraph takes.
  const signerFor = (name: string) => createIdentitySigner(identities, name as Audience);
  const subgraphFetch = createSubgraphFetch(config.subgraphFetch);
  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  const bodyLimitBytes = bytes.parse(config.bodyLimit) ?? 100 * 1024;
  const throttleRedis = config.throttles ? createRedis(config.throttles.redisUrl, 'producer') : null;
  throttleRedis?.on('error', (error) => logger.debug({ err: error }, 'throttle redis error'));
  const throttles = config.throttles && throttleRedis ? createThrottles(throttleRedis, config.throttles.prefix, config.throttles.settings) : null;
  const reads = createCustomerReads({
    responseCache: config.responseCache,
    directReads: config.directReads ? { url: config.subgraphUrls.display!, fetch: subgraphFetch, sign: signerFor('display'), maxShops: config.limits.maxShops } : null,
    slates:
      config.directReads && config.subgraphUrls['ads-serving'] && config.subgraphUrls.display
        ? {
            adsServing: { name: 'ads-serving', url: config.subgraphUrls['ads-serving'], sign: signerFor('ads-serving') },
            display: { name: 'display', url: config.subgraphUrls.display, sign: signerFor('display') },
            fetch: subgraphFetch,
            maxShops: config.limits.maxShops,
            throttled: new Set([...(throttles?.keys() ?? []), 'logIn']),
          }
        : null,
    supergraphSdl,
    // A cluster worker shares what its cache stores with the others, through the primary (cluster.ts).
    sendToPeers: cluster.worker ? (fill) => tellWorker(cluster.worker!, fill) : null,
    logger,
  });
  const fromPeers = (message: unknown) => void (isPeerFill(message) && reads.peers?.accept(message));
  if (reads.peers) process.on('message', fromPeers);
  const throttle =
    config.throttles && throttleRedis && throttles ? throttlePlugin(throttles, createLoginThrottle(throttleRedis, config.throttles.prefix, config.throttles.settings.logIn)) : null;
  const writes = config.directWrites
    ? createDirectWrites({
        subgraphs: Object.fromEntries(Object.entries(config.subgraphUrls).map(([name, url]) => [name, { url: url!, sign: signerFor(name) }])),
        fetch: subgraphFetch,
        maxShops: config.limits.maxShops,
        throttled: new Set([...(throttles?.keys() ?? []), 'logIn']),
      })
    : null;
  // Both fast paths learn from the executor's plans.
  const planned =
    reads.planned || writes
      ? (request: PlannedRequest) => {
          reads.planned?.(request);
          writes?.learn(request);
        }
      : null;
  const { apollo, validationRules } = createApolloRuntime({ config, supergraphSdl, subgraphFetch, signerFor, throttle, customerReads: reads.plugin, planned });
  // One subscription to the read model's announcements per worker: the cache evicts on it,
  // live updates listen to it (same Redis, same prefix: READ_MODEL_REDIS_URL, READ_MODEL_PREFIX).
  const follow = config.responseCache ?? config.liveUpdates;
  const changes = follow ? subscribeToReadModelChanges(reads.cache, follow.redisUrl, follow.prefix, logger, follow) : null;
  const live =
    config.liveUpdates && changes
      ? createLiveUpdates({
          supergraphSdl,
          readShop: createDisplayLiveReader({ url: config.subgraphUrls.display!, fetch: subgraphFetch, sign: signerFor('display') }),
          changes,
          limits: { maxTokens: config.limits.maxTokens, rules: validationRules },
          perAddress: config.liveUpdates.perAddress,
          perWorker: config.liveUpdates.perWorker,
          maxBufferBytes: config.liveUpdates.maxBufferBytes,
          bodyLimitBytes,
          logger,
        })
      : null;
  const tokens = createAuthTokens(config.jwtSecret);
  const inServerSpan = serverSpans();
  const connections = balanceConnections();
  const timeouts = { requestTimeoutMs: config.requestTimeoutMs, keepAliveTimeoutMs: config.keepAliveTimeoutMs, drainTimeoutMs: config.drainTimeoutMs, retire: connections.retire };
  let started = false;
  let server: RunningServer | undefined;
  let shedder: LoadShedder | undefined;

  async function close(): Promise<void> {
    process.off('message', fromPeers);
    live?.close();
    changes?.close();
    shedder?.close();
    connections.close();
    await server?.close();
    if (started) await apollo.stop();
    throttleRedis?.disconnect();
  }

  return {
    async listen(): Promise<RunningGateway> {
      await apollo.start();
      started = true;
      // Both once Apollo Server has started: Apollo's Express middleware needs it started, and
      // its start blocks the event loop, which the shedder would take for overload.
      const { app, allowOrigins } = createGatewayApp({ config, apollo, liveUpdates: live, tokens, logger });
      shedder = createLoadShedder({ maxDelayMs: config.shedDelayMs });
      const admission = createAdmission(config.maxExecuting, shedder);
      const reading = reads.front({ app, cors: allowOrigins, bodyLimitBytes, admission, inServerSpan });
      const limit = writes ? writeLimit({ latencyTargetMs: config.writeLatencyTargetMs, max: config.maxExecuting }) : null;
      if (limit && changes && config.writeLagTargetMs > 0) followProjectionLag(limit, changes, config.writeLagTargetMs);
      // Owners' learned mutations first; then customer reads (with the cache), then the app.
      const front = writes
        ? writesFront({
            writes,
            tokens,
            next: reading ?? ((req: IncomingMessage, res: ServerResponse) => inServerSpan(req, res, () => app(req, res))),
            app,
            cors: allowOrigins,
            bodyLimitBytes,
            // Without the read front, the server's door admits every request (below).
            admission: reading ? admission : null,
            limit,
            inServerSpan,
          })
        : reading;
      // Streams, and the dashboard's static files, skip the deadline and admission of requests.
      const streams = { matches: (req: IncomingMessage) => isStream(req.url) || isDashboardRequest(req), listener: app };
      const running = await listen(
        front ?? ((req: IncomingMessage, res: ServerResponse) => inServerSpan(req, res, () => app(req, res))),
        config.port,
        config.host,
        // With the cache, the front admits what needs work (sparing cache hits); without it, the door does.
        reading
          ? { ...timeouts, maxInFlight: config.maxInFlight, streams }
          : { ...timeouts, maxInFlight: Math.min(config.maxInFlight, config.maxExecuting), shedder, streams },
      );
      connections.watch(running.server);
      server = running;
      logger.info({ url: `${running.url}/graphql` }, 'gateway ready');
      return {
        ...running,
        graphqlUrl: `${running.url}/graphql`,
        responseCache: reads.cache,
        liveUpdates: live && { stats: live.stats },
        async drain(acceptUntil) {
          const drained = running.drain(acceptUntil);
          // Once a replacement listens, open streams are closed (not completed): their clients
          // reconnect, to another worker, and get the current view first.
          await Promise.resolve(acceptUntil).catch(() => {});
          live?.closeAll();
          await drained;
        },
        close,
      };
    },
    close,
  };
}

export type Gateway = ReturnType<typeof createGateway>;
