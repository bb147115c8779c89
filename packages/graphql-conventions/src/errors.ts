import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';

/** The error codes of the public contract, plus SERVICE_UNAVAILABLE for a dependency that is down. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE'
  | 'TOO_MANY_REQUESTS';

export function codedError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (field: string, message: string) => codedError('BAD_USER_INPUT', message, { field });
export const notFound = (message: string) => codedError('NOT_FOUND', message);
export const forbidden = (message = 'You do not own this resource.') => codedError('FORBIDDEN', message);
export const unauthenticated = (message = 'Sign in first: send Authorization: Bearer <token>.') =>
  codedError('UNAUTHENTICATED', message);
export const conflict = (message: string, field?: string) => codedError('CONFLICT', message, field ? { field } : {});
export const unavailable = (message = 'A service this request needs is unavailable; try again shortly.') =>
  codedError('SERVICE_UNAVAILABLE', message);

/** The HTTP status of a request refused as a whole (before execution) with this code. */
const REQUEST_STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * An error that refuses a whole request before it executes (from a plugin's
 * `didResolveOperation`), with the HTTP status its code means: Apollo Server answers 500
 * for errors raised there unless the error names a status. A retry delay, in seconds,
 * becomes `Retry-After` and `extensions.retryAfter`.
 */
export function requestError(code: ErrorCode | 'BAD_REQUEST' | 'OPERATION_RESOLUTION_FAILURE', message: string, options: { retryAfterSeconds?: number; field?: string } = {}) {
  const headers = new HeaderMap();
  if (options.retryAfterSeconds !== undefined) headers.set('retry-after', String(options.retryAfterSeconds));
  return new GraphQLError(message, {
    extensions: {
      code,
      ...(options.field ? { field: options.field } : {}),
      ...(options.retryAfterSeconds !== undefined ? { retryAfter: options.retryAfterSeconds } : {}),
      http: { status: REQUEST_STATUS[code] ?? 400, headers },
    },
  });
}

/**
 * Codes whose messages are written for clients: the contract's codes and the ones
 * Apollo Server and graphql-js produce for malformed requests. Anything else is an
 * unexpected failure whose message may hold SQL or internals.
 */
const CLIENT_SAFE_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'SERVICE_UNAVAILABLE',
  'TOO_MANY_REQUESTS',
  'PAYLOAD_TOO_LARGE',
  'RESPONSE_TOO_LARGE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo `formatError`: passes coded client errors through without stack traces and
 * replaces everything else with a generic INTERNAL_SERVER_ERROR (the original is logged).
 */
export function formatClientError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_SAFE_CODES.has(code)) {
    // serviceName (added by the gateway) would tell clients how the system is split up.
    const { stacktrace: _stacktrace, exception: _exception, serviceName: _serviceName, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (isInfrastructureOutage(unwrapResolverError(error))) {
    return {
      message: 'A service this request needs is unavailable; try again shortly.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  return {
    message: 'Internal server error',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'P1001', // can't reach database server
  'P1002', // database server timed out
  'P1017', // server closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2028', // transaction API error, e.g. no connection to start a transaction in time (overload)
  '57P01', // admin shutdown
  '57P03', // cannot connect now (starting up / shutting down)
]);
const OUTAGE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const OUTAGE_MESSAGES = /connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Connection is closed|Can't reach database server/i;

/**
 * True for errors that mean a dependency (PostgreSQL, Redis) is down rather than a bug:
 * they become SERVICE_UNAVAILABLE for clients. Walks the `cause` chain, since Prisma's
 * driver adapter wraps the pg error.
 */
export function isInfrastructureOutage(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth += 1) {
    if (typeof current !== 'object') return false;
    const candidate = current as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && OUTAGE_CODES.has(candidate.code)) return true;
    if (typeof candidate.kind === 'string' && OUTAGE_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.message === 'string' && OUTAGE_MESSAGES.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}
