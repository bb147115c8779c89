import type { ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from '@shopgraph/telemetry/request-id';

/**
 * A GraphQL answer the gateway's fast paths send themselves, with the headers Apollo Server
 * would have set: a 200, JSON, the request id (the one the request was served under).
 */
export function sendAnswer(res: ServerResponse, requestId: string, body: string | Uint8Array, headers: Record<string, string>): void {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    [REQUEST_ID_HEADER]: requestId,
    ...headers,
  });
  res.end(body);
}

/** Answers no one stores (Apollo Server says so of every answer it sends without a cache policy). */
export const NEVER_STORED = { 'cache-control': 'no-store' };

/** Where the gateway serves GraphQL (Apollo Server is mounted on both). */
export const GRAPHQL_PATHS = ['/graphql', '/'];
