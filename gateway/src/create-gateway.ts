import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import bytes from 'bytes';
import cors from 'cors';
import express from 'express';
import { ApolloGateway } from '@apollo/gateway';
import { printSchema as printApiSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema } from 'graphql';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { createAuthTokens } from '@shopgraph/kit/auth-token';
import { formatClientError } from '@shopgraph/kit/errors';
import { errorLoggingPlugin } from '@shopgraph/kit/graphql-service';
import { graphqlMetricsPlugin } from '@shopgraph/kit/graphql-metrics-plugin';
import { serverSpans } from '@shopgraph/kit/server-span';
import { createHttpApp, listen, type RunningServer } from '@shopgraph/kit/http-server';
import { createIdentityCodec, createIdentitySigner, type Audience } from '@shopgraph/kit/identity';
import { createAdmission } from '@shopgraph/kit/admission';
import { createLoadShedder } from '@shopgraph/kit/load-shedder';
import { createRedis } from '@shopgraph/kit/redis';
import { requestGuardPlugin } from '@shopgraph/kit/request-guard-plugin';
import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { REQUEST_ID_HEADER, requestIdFrom } from '@shopgraph/kit/request-id';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './gateway-context.js';
import { IdentityDataSource } from './identity-data-source.js';
import { useStrictScalars } from './strict-scalars.js';
import { retryAfterPlugin } from './retry-after-plugin.js';
import { shopBudgetPlugin } from './shop-budget-plugin.js';
import { createSubgraphFetch } from './subgraph-fetcher.js';
import { createLoginThrottle } from './login-throttle.js';
import { createThrottles, throttlePlugin } from './throttle-plugin.js';
import { createSubgraphHealth } from './subgraph-health.js';
import { subscribeToReadModelChanges, type ReadModelChanges } from './response-cache/invalidation-subscriber.js';
import { createResponseCache, type ResponseCache } from './response-cache/response-cache.js';
import { responseCachePlugin } from './response-cache/response-cache-plugin.js';
import { cacheFront } from './response-cache/cache-front.js';
import { directReadPlugin } from './direct-reads/direct-read-plugin.js';
import { createDirectReads } from './direct-reads/direct-reads.js';
import { servedByOneSubgraph } from './direct-reads/served-by-one-subgraph.js';
import { sendRequestError } from '@shopgraph/kit/request-errors';
import { createDisplayLiveReader } from './live-updates/display-live-reader.js';
import { createLiveOperations } from './live-updates/live-operation.js';
import { createLiveShops } from './live-updates/live-shops.js';
import { createStreamRoute, type StreamRoute } from './live-updates/stream-route.js';

/** The live-updates route; streams skip the deadline and admission of requests (see `listen`). */
const STREAM_PATH = '/graphql/stream';
const isStream = (url: string | undefined) => url === STREAM_PATH || (url?.startsWith(`${STREAM_PATH}?`) ?? false);

export interface RunningGateway extends RunningServer {
  graphqlUrl: string;
  /** Null when the response cache is turned off. */
  responseCache: ResponseCache | null;
  /** Live streams' and fan-out's tallies; null when live updates are off. */
  liveUpdates: { stats(): { open: number; slowDropped: number; viewsPushed: number; watches: number; reads: number } } | null;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/**
 * Starts the public gateway: Apollo Server 5 with @apollo/gateway over a supergraph
 * composed at build time, so it starts while any subgraph is down.
 */
export async function startGateway(config: GatewayConfig, logger: Logger = createLogger('gateway', config.logLevel)): Promise<RunningGateway> {
  // The gateway's key only: it signs customers and owners, and cannot sign a service identity.
  const identities = createIdentityCodec({ gateway: config.internalTokenSecret });
  // Each subgraph gets tokens for itself only (their audience), which no other subgraph takes.
  const signerFor = (name: string) => createIdentitySigner(identities, name as Audience);
  const subgraphFetch = createSubgraphFetch(config.subgraphFetch);
  const tokens = createAuthTokens(config.jwtSecret);
  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  // Customer shop reads skip the federated executor only while the supergraph says the
  // display subgraph alone serves everything they can reach.
  const servedByDisplay = servedByOneSubgraph(supergraphSdl, 'DISPLAY', ['shop', 'shops']);
  if (config.directReads && !servedByDisplay) logger.warn('shop reads reach fields of other subgraphs: direct reads off');
  const directReads = config.directReads && servedByDisplay ? createDirectReads({ url: config.subgraphUrls.display!, fetch: subgraphFetch, sign: signerFor('display'), maxShops: config.limits.maxShops }) : null;
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new IdentityDataSource(config.subgraphUrls[name] ?? url!, signerFor(name), subgraphFetch),
    // With the Apollo-Query-Plan-Experimental header, development answers carry the query plan.
    __exposeQueryPlanExperimental: config.introspection,
  });
  useStrictScalars(gateway);
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth },
    maxAliases: { n: config.limits.maxAliases },
    // graphql-armor's token limit re-parses every document in a plugin, where its syntax
    // errors (and, through its catch-all, every unexpected error) become HTTP 500s;
    // graphql-js's parser counts tokens itself (parseOptions below): a 400 like any syntax error.
    maxTokens: { enabled: false },
    costLimit: { maxCost: config.limits.maxCost },
    maxDirectives: { n: 20 },
    // Field suggestions leak the schema when introspection is off.
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const protection = armor.protect();
  const throttleRedis = config.throttles ? createRedis(config.throttles.redisUrl, 'producer') : null;
  throttleRedis?.on('error', (error) => logger.debug({ err: error }, 'throttle redis error'));
  const throttles = config.throttles && throttleRedis ? createThrottles(throttleRedis, config.throttles.prefix, config.throttles.settings) : null;
  const loginThrottle = config.throttles && throttleRedis ? createLoginThrottle(throttleRedis, config.throttles.prefix, config.throttles.settings.logIn) : undefined;
  let responseCache: ResponseCache | null = null;
  if (config.responseCache) responseCache = createResponseCache(config.responseCache);
  // One subscription to the read model's announcements per worker: the cache evicts on it,
  // live updates listen to it (same Redis, same prefix: READ_MODEL_REDIS_URL, READ_MODEL_PREFIX).
  const follow = config.responseCache ?? config.liveUpdates;
  const invalidation: ReadModelChanges | null = follow ? subscribeToReadModelChanges(responseCache, follow.redisUrl, follow.prefix, logger, follow) : null;
  let streams: StreamRoute | null = null;
  let liveShops: ReturnType<typeof createLiveShops> | null = null;
  if (config.liveUpdates && invalidation) {
    // Checked against the public API, as Apollo Server checks /graphql (printed and rebuilt:
    // federation-internals may load another copy of graphql-js).
    const apiSchema = buildSchema(printApiSchema(Supergraph.build(supergraphSdl).apiSchema()));
    liveShops = createLiveShops({ readShop: createDisplayLiveReader({ url: config.subgraphUrls.display!, fetch: subgraphFetch, sign: signerFor('display') }), logger });
    invalidation.addListener(liveShops.listener);
    streams = createStreamRoute({
      live: liveShops,
      prepare: createLiveOperations(apiSchema, { maxTokens: config.limits.maxTokens, rules: protection.validationRules }),
      perAddress: config.liveUpdates.perAddress,
      perWorker: config.liveUpdates.perWorker,
      maxBufferBytes: config.liveUpdates.maxBufferBytes,
      bodyLimitBytes: bytes.parse(config.bodyLimit) ?? 100 * 1024,
      logger,
    });
  }
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: formatClientError,
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: config.limits.maxTokens },
    allowBatchedHttpRequests: false,
    // Plugins written for any context are typed for BaseContext; ApolloServerPlugin is invariant in it.
    plugins: [
      graphqlMetricsPlugin(),
      ...protection.plugins,
      requestGuardPlugin(),
      shopBudgetPlugin(config.limits.maxShops),
      ...(throttles ? [throttlePlugin(throttles, loginThrottle)] : []),
      errorLoggingPlugin(),
      retryAfterPlugin(),
      ...(responseCache ? [responseCachePlugin(responseCache)] : []),
      ...(directReads ? [directReadPlugin(directReads)] : []),
      config.introspection ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ] as ApolloServerPlugin<GatewayContext>[],
  });
  await apollo.start();

  const allowOrigins = cors({ origin: config.corsOrigins, maxAge: 600 });
  const app = createHttpApp({
    logger,
    // Public port: the metrics are the cluster primary's, on a port of their own.
    metrics: false,
    readiness: {
      // Informational: the gateway serves what it can whichever subgraphs are up.
      subgraphs: createSubgraphHealth(config.subgraphUrls),
    },
    routes: (app) => {
      // The client address for throttles: the socket's, or the one a trusted proxy saw.
      app.set('trust proxy', config.trustedProxies);
      // Before Apollo's catch-all below, which would take /graphql/stream as /graphql.
      app.use(STREAM_PATH, allowOrigins, (req, res) => {
        if (streams) streams.handle(req, res);
        else sendRequestError(res, 404, 'NOT_FOUND', 'Live updates are off on this gateway (GATEWAY_LIVE_UPDATES).');
      });
      app.use(
        ['/graphql', '/'],
        allowOrigins,
        express.json({ limit: config.bodyLimit }),
        expressMiddleware(apollo, {
          context: async ({ req, res }) => {
            const requestId = requestIdFrom(req.headers);
            res.setHeader(REQUEST_ID_HEADER, requestId);
            const token = bearerToken(req.headers.authorization);
            const ownerId = token ? await tokens.verify(token) : null;
            return { requestId, logger: logger.child({ requestId }), clientAddress: req.ip ?? 'unknown', ...(ownerId ? { ownerId } : {}) };
          },
        }),
      );
    },
  });
  const shedder = createLoadShedder({ maxDelayMs: config.shedDelayMs });
  const inServerSpan = serverSpans();
  const server = await listen(
    responseCache
      ? cacheFront({
          cache: responseCache,
          direct: directReads,
          app,
          cors: allowOrigins,
          bodyLimitBytes: bytes.parse(config.bodyLimit) ?? 100 * 1024,
          admission: createAdmission(config.maxExecuting, shedder),
          inServerSpan,
        })
      : (req: IncomingMessage, res: ServerResponse) => inServerSpan(req, res, () => app(req, res)),
    config.port,
    config.host,
    // With the cache, the front admits what needs work (sparing cache hits); without it, the door does.
    responseCache
      ? { requestTimeoutMs: config.requestTimeoutMs, keepAliveTimeoutMs: config.keepAliveTimeoutMs, drainTimeoutMs: config.drainTimeoutMs, maxInFlight: config.maxInFlight, streams: { matches: (req) => isStream(req.url), listener: app } }
      : {
          requestTimeoutMs: config.requestTimeoutMs,
          keepAliveTimeoutMs: config.keepAliveTimeoutMs,
          drainTimeoutMs: config.drainTimeoutMs,
          maxInFlight: Math.min(config.maxInFlight, config.maxExecuting),
          shedder,
          streams: { matches: (req) => isStream(req.url), listener: app },
        },
  );
  logger.info({ url: `${server.url}/graphql` }, 'gateway ready');
  return {
    ...server,
    graphqlUrl: `${server.url}/graphql`,
    responseCache,
    liveUpdates: streams && liveShops ? { stats: () => ({ ...streams!.stats(), ...liveShops!.stats() }) } : null,
    async drain(acceptUntil) {
      const drained = server.drain(acceptUntil);
      // Once a replacement listens, open streams are closed (not completed): their clients
      // reconnect, to another worker, and get the current view first.
      await Promise.resolve(acceptUntil).catch(() => {});
      streams?.closeAll();
      await drained;
    },
    async close() {
      streams?.closeAll();
      liveShops?.close();
      invalidation?.close();
      shedder.close();
      await server.close();
      await apollo.stop();
      throttleRedis?.disconnect();
    },
  };
}
