import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';

/**
 * Answers a request that never reached GraphQL (a body that is not JSON, or too large)
 * the way GraphQL errors look, with a code, and without Express's default error page,
 * which prints the stack trace outside production.
 */
export function sendRequestError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * A 503 `SERVICE_UNAVAILABLE` with `Retry-After: 1` that closes the connection: the one
 * answer for "not now" (at capacity, overloaded, past the deadline), whatever refuses.
 */
export function sendRetryLater(res: ServerResponse, message: string): void {
  res.setHeader('retry-after', '1');
  res.setHeader('connection', 'close');
  sendRequestError(res, 503, 'SERVICE_UNAVAILABLE', message);
}

/** What body-parser's errors mean to a client (anything else is a bug: a plain 500). */
export function describeRequestError(error: unknown): { status: number; code: string; message: string } {
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.too.large') return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' };
  if (type === 'entity.parse.failed') return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return { status: 415, code: 'BAD_REQUEST', message: 'The request body encoding is not supported.' };
  if (type === 'request.aborted') return { status: 400, code: 'BAD_REQUEST', message: 'The request was aborted.' };
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' };
}

/** Answers a request that failed outside GraphQL (an unexpected failure is also reported: `onUnexpected`). */
export function answerRequestError(res: ServerResponse, error: unknown, onUnexpected: (error: unknown) => void): void {
  const { status, code, message } = describeRequestError(error);
  if (status >= 500) onUnexpected(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendRequestError(res, status, code, message);
}

/** The last Express handler of every service. */
export function requestErrorHandler(onUnexpected: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => answerRequestError(res, error, onUnexpected);
}
