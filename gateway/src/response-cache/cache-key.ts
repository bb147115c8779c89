import { createHash } from 'node:crypto';

/** Tells clients (and tests, and the benchmark) whether a response came from the cache. */
export const CACHE_HEADER = 'x-shopgraph-cache';

/**
 * A cached response is identified by the operation's document hash (sha256 of the query
 * text — the same hash Apollo Server computes and automatic persisted queries send), the
 * operation name and the variables. Anything else a request carries does not change a
 * customer read's answer.
 */
export function cacheKey(queryHash: string, operationName: string | null | undefined, variables: unknown): string {
  return `${queryHash}\n${operationName ?? ''}\n${JSON.stringify(variables ?? {})}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface KeyedBody {
  key: string;
  queryHash: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

/**
 * The key of a POSTed GraphQL body, without parsing the query: the query text's hash, or
 * the hash a persisted-query request sends instead of the text. Undefined for anything
 * that is not a plain single operation (the request then goes the normal way).
 */
export function keyOfBody(body: unknown): KeyedBody | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  let queryHash: string | undefined;
  if (typeof query === 'string') queryHash = sha256Hex(query);
  else if (query == null) {
    const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
    if (typeof persisted === 'string') queryHash = persisted.toLowerCase();
  }
  if (!queryHash) return undefined;
  return {
    key: cacheKey(queryHash, operationName as string | undefined, variables),
    queryHash,
    operationName: (operationName as string | null | undefined) ?? undefined,
    variables: (variables as Record<string, unknown> | null | undefined) ?? undefined,
  };
}
