import type { IncomingMessage, ServerResponse } from 'node:http';
import bytes from 'bytes';
import express, { type Express, type RequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { createCompiledOperations, type CompiledOperationFilter } from './compiled-operations.js';
import { formatClientError } from '@shopgraph/graphql-conventions/errors';
import { graphqlMetricsPlugin } from '@shopgraph/telemetry/graphql-metrics-plugin';
import { createHttpApp, listen, type RunningServer } from './http-server.js';
import { IDENTITY_HEADER, type Identity, type IdentityVerifier } from '@shopgraph/identity/identity';
import { callerDeadline, refusedAsTooLate } from './caller-deadline.js';
import { graphqlRoute, UNSIGNED_REQUEST } from './graphql-route.js';
import { createLoadShedder, type LoadShedder } from './load-shedder.js';
import { isPlainJsonPost } from './plain-json-post.js';
import type { Logger } from '@shopgraph/telemetry/logger';
import type { ReadinessCheck } from './readiness.js';
import { sendRequestError } from './request-errors.js';
import { requestGuardPlugin } from './request-guard-plugin.js';
import { requestIdFrom } from '@shopgraph/telemetry/request-id';

const GRAPHQL_PATH = ['/graphql'];

/** What every subgraph resolver gets in its context. */
export interface RequestContext extends BaseContext {
  requestId: string;
  logger: Logger;
  /** Who the platform says is calling: verified from the signed identity header. */
  identity: Identity;
  /** When the caller stops waiting (ms since the epoch), if it said (see caller-deadline.ts): nothing is committed after it. */
  deadline?: number;
}

/**
 * Refuses every GraphQL request that does not carry a valid signed identity (HTTP 401):
 * a subgraph's port is internal, and only the gateway and the platform's own services hold
 * the keys; a token must be for this subgraph (its audience), from a caller allowed to call it. Entity lookups (`_entities`) and internal queries are reachable here only.
 */
export function identityGuard(identities: IdentityVerifier): RequestHandler {
  return (req, res, next) => {
    identities.verify(req.headers[IDENTITY_HEADER]).then((identity) => {
      if (!identity) {
        sendRequestError(res, 401, 'UNAUTHENTICATED', UNSIGNED_REQUEST);
        return;
      }
      res.locals.identity = identity;
      next();
    }, next);
  };
}

export interface GraphQLServiceOptions<C extends RequestContext> {
  /** The service's name (`shop`, `display`, …), as its metrics label it. */
  name: string;
  logger: Logger;
  schema: GraphQLSchema;
  /** Builds the per-request context from the HTTP request. */
  context: (req: IncomingMessage, base: RequestContext) => Promise<C>;
  /** Verifies the identity every GraphQL request must carry, for this service (see `identityGuard`). */
  identities: IdentityVerifier;
  readiness?: Record<string, ReadinessCheck>;
  /** The service's own routes beside /graphql (e.g. the ads processes' test clock). */
  routes?: (app: Express) => void;
  /**
   * Largest accepted request body.
   * @default '256kb'
   */
  bodyLimit?: string;
  /** The service's own Apollo Server plugins, after the shell's. */
  plugins?: ApolloServerPlugin<C>[];
  /**
   * Whether Apollo Server works out a cache policy for each answer (its cache-control plugin,
   * a hook on every resolved field, for the `cache-control` header). Off for a service whose
   * answers nobody caches: the command subgraphs, where it was 3 % of the shop subgraph's CPU
   * under 100 changes/s only to say `no-store`.
   * @default true
   */
  cachePolicy?: boolean;
  /**
   * Queries this service answers from compiled code once Apollo Server has validated them,
   * ahead of Apollo Server (the body parsed, the identity verified), with the context Apollo
   * Server would give them (see `createCompiledOperations`): the display subgraph's shop reads
   * and entities, the ads serving subgraph's slates.
   */
  compiled?: CompiledOperationFilter;
  /**
   * Introspection; the gateway composes from SDL files, so production needs none.
   * @default false
   */
  introspection?: boolean;
  /**
   * A request not answered by then gets a coded 503 (see `listen`).
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Requests served at once; more are refused at once with 503 (see `withAdmission`).
   * @default unlimited
   */
  maxInFlight?: number;
  /**
   * Mean event-loop delay past which requests are refused at once (see `createLoadShedder`); 0: never.
   * @default 0
   */
  shedDelayMs?: number;
}

export interface GraphQLService extends RunningServer {
  /** http://host:port/graphql */
  graphqlUrl: string;
}

/** Where a service listens, and its drain; its close() is the built service's. */
export type GraphQLEndpoint = Omit<GraphQLService, 'close'>;

/**
 * A service built from its clients and not listening yet: `listen` binds its port (once)
 * and starts what runs beside its API; `close` stops all of it, listening or not, and
 * leaves the clients it was given to their owner.
 */
export interface BuiltService<E = GraphQLEndpoint> {
  listen(port: number, host: string): Promise<E>;
  close(): Promise<void>;
}

/**
 * Listens a built service on its port: the running service, whose close() closes the
 * service and then the clients it was built with (`closeClients`), as main and tests do.
 */
export async function startService<E>(
  service: BuiltService<E>,
  { port, host }: { port: number; host: string },
  closeClients: () => Promise<void> | void,
): Promise<E & { close(): Promise<void> }> {
  const endpoint = await service.listen(port, host);
  return {
    ...endpoint,
    async close() {
      await service.close();
      await closeClients();
    },
  };
}

/** Logs every resolver error with its stack (clients get only the formatted error). */
export function errorLoggingPlugin<C extends RequestContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            const level = code && code !== 'INTERNAL_SERVER_ERROR' ? 'debug' : 'error';
            contextValue.logger[level]({ err: error.originalError ?? error, path: error.path, code }, error.message);
          }
        },
      };
    },
  };
}

/**
 * A GraphQL service (a subgraph): POST /graphql (`graphqlRoute` for plain JSON POSTs, Express
 * for the rest), GET /health, GET /ready. Built
 * here (its Apollo Server and schema); Apollo starts and the port is bound on `listen`.
 */
export function createGraphQLService<C extends RequestContext>(options: GraphQLServiceOptions<C>): BuiltService {
  const compiled = options.compiled ? createCompiledOperations<C>(options.schema, options.compiled, { service: options.name }) : null;
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    introspection: options.introspection ?? false,
    includeStacktraceInErrorResponses: false,
    formatError: formatClientError,
    // Inline traces are for Apollo's hosted usage reporting, which nothing here uses.
    plugins: [graphqlMetricsPlugin<C>(), requestGuardPlugin<C>(), errorLoggingPlugin<C>(), ApolloServerPluginInlineTraceDisabled(), ...(options.cachePolicy === false ? [ApolloServerPluginCacheControlDisabled()] : []), ...(options.plugins ?? []), ...(compiled ? [compiled.plugin()] : [])],
  });
  let running: Promise<RunningServer & { shedder: LoadShedder }> | null = null;

  async function start(port: number, host: string) {
    await apollo.start();
    const contextOf = async (req: IncomingMessage, identity: Identity) => {
      const requestId = requestIdFrom(req.headers);
      const deadline = callerDeadline(req.headers);
      return options.context(req, { requestId, logger: options.logger.child({ requestId }), identity, ...(deadline === undefined ? {} : { deadline }) });
    };
    const bodyLimit = options.bodyLimit ?? '256kb';
    const onUnexpected = (error: unknown) => options.logger.error({ err: error }, 'request failed outside GraphQL');
    // Plain JSON POSTs, all of a subgraph's traffic, skip Express (see graphqlRoute); both need Apollo started.
    const route = graphqlRoute<C>({ apollo, identities: options.identities, bodyLimitBytes: bytes.parse(bodyLimit) ?? 256 * 1024, compiled, contextOf, onUnexpected });
    const app = createHttpApp({
      logger: options.logger,
      readiness: options.readiness,
      routes: (app) => {
        options.routes?.(app);
        app.use(
          '/graphql',
          (req, res, next) => void (refusedAsTooLate(req, res) || next()),
          identityGuard(options.identities),
          express.json({ limit: bodyLimit }),
          expressMiddleware(apollo, { context: ({ req, res }) => contextOf(req, res.locals.identity as Identity) }),
        );
      },
    });
    const listener = (req: IncomingMessage, res: ServerResponse) => (isPlainJsonPost(req, GRAPHQL_PATH) ? route(req, res) : app(req, res));
    const shedder = createLoadShedder({ maxDelayMs: options.shedDelayMs ?? 0 });
    return { ...(await listen(listener, port, host, { requestTimeoutMs: options.requestTimeoutMs, maxInFlight: options.maxInFlight, shedder })), shedder };
  }

  return {
    async listen(port, host) {
      running ??= start(port, host);
      const server = await running;
      return { url: server.url, port: server.port, drain: server.drain, graphqlUrl: `${server.url}/graphql` };
    },
    async close() {
      const server = await running?.catch(() => null);
      if (!server) return;
      server.shedder.close();
      await server.close();
      await apollo.stop();
    },
  };
}
