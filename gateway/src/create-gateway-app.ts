import cors from 'cors';
import express from 'express';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { AuthTokens } from '@shopgraph/identity/auth-token';
import { createHttpApp } from '@shopgraph/service-shell/http-server';
import type { Logger } from '@shopgraph/telemetry/logger';
import { sendRequestError } from '@shopgraph/service-shell/request-errors';
import { REQUEST_ID_HEADER, requestIdFrom } from '@shopgraph/telemetry/request-id';
import { bearerToken } from './bearer-token.js';
import type { GatewayConfig } from './config.js';
import { REPLAY, type WithReplay } from './customer-reads/subgraph-replay.js';
import type { GatewayContext } from './gateway-context.js';
import type { LiveUpdates } from './live-updates/create-live-updates.js';
import { createSubgraphHealth } from './subgraph-health.js';
import { DASHBOARD_PATH, dashboardRoute } from './dashboard/dashboard-route.js';

/** The live-updates route; streams skip the deadline and admission of requests (see `listen`). */
export const STREAM_PATH = '/graphql/stream';
export const isStream = (url: string | undefined) => url === STREAM_PATH || (url?.startsWith(`${STREAM_PATH}?`) ?? false);

export interface GatewayAppOptions {
  config: Pick<GatewayConfig, 'corsOrigins' | 'subgraphUrls' | 'trustedProxies' | 'bodyLimit' | 'dashboardDir' | 'introspection'>;
  /** Started before the app serves a request. */
  apollo: ApolloServer<GatewayContext>;
  /** Null when live updates are off: /graphql/stream then answers 404. */
  liveUpdates: LiveUpdates | null;
  tokens: AuthTokens;
  logger: Logger;
}

/**
 * The gateway's Express app: health and readiness, /graphql/stream, and Apollo Server on
 * /graphql (and /), each request's context from its bearer token. `allowOrigins` is its CORS
 * middleware, for the customer read front to set the same headers.
 */
export function createGatewayApp({ config, apollo, liveUpdates, tokens, logger }: GatewayAppOptions) {
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
        if (liveUpdates) liveUpdates.handle(req, res);
        else sendRequestError(res, 404, 'NOT_FOUND', 'Live updates are off on this gateway (GATEWAY_LIVE_UPDATES).');
      });
      // The owner dashboard's pages and files (the explorer where Sandbox is), before Apollo's catch-all too.
      app.use(DASHBOARD_PATH, dashboardRoute({ dir: config.dashboardDir, explorer: config.introspection }));
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
            // A subgraph answer the customer read path already has for this request (see SubgraphReplay).
            const replay = (req as WithReplay<typeof req>)[REPLAY];
            return { requestId, logger: logger.child({ requestId }), clientAddress: req.ip ?? 'unknown', ...(ownerId ? { ownerId } : {}), ...(replay ? { replay } : {}) };
          },
        }),
      );
    },
  });
  return { app, allowOrigins };
}
