import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { formatClientError } from './errors.js';
import { createHttpApp, listen, type RunningServer } from './http-server.js';
import type { Logger } from './logger.js';
import type { ReadinessCheck } from './readiness.js';
import { requestIdFrom } from './request-id.js';

/** What every subgraph resolver gets in its context. */
export interface RequestContext extends BaseContext {
  requestId: string;
  logger: Logger;
}

export interface GraphQLServiceOptions<C extends RequestContext> {
  logger: Logger;
  schema: GraphQLSchema;
  /** Builds the per-request context from the HTTP request. */
  context: (req: IncomingMessage, base: RequestContext) => Promise<C>;
  readiness?: Record<string, ReadinessCheck>;
  /**
   * Largest accepted request body.
   * @default '256kb'
   */
  bodyLimit?: string;
  /** @default true */
  introspection?: boolean;
}

export interface GraphQLService extends RunningServer {
  /** http://host:port/graphql */
  graphqlUrl: string;
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

/** A GraphQL service (a subgraph) on Express: POST /graphql, GET /health, GET /ready. */
export async function startGraphQLService<C extends RequestContext>(
  options: GraphQLServiceOptions<C>,
  port: number,
  host: string,
): Promise<GraphQLService> {
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    introspection: options.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    formatError: formatClientError,
    // Inline traces are for Apollo's hosted usage reporting, which nothing here uses.
    plugins: [errorLoggingPlugin<C>(), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const app = createHttpApp({
    logger: options.logger,
    readiness: options.readiness,
    routes: (app) => {
      app.use(
        '/graphql',
        express.json({ limit: options.bodyLimit ?? '256kb' }),
        expressMiddleware(apollo, {
          context: async ({ req }) => {
            const requestId = requestIdFrom(req.headers);
            return options.context(req, { requestId, logger: options.logger.child({ requestId }) });
          },
        }),
      );
    },
  });
  const running = await listen(app, port, host);
  return {
    ...running,
    graphqlUrl: `${running.url}/graphql`,
    close: async () => {
      await running.close();
      await apollo.stop();
    },
  };
}
