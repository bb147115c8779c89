import { createHash } from 'node:crypto';

/** Tells clients (and tests, and the benchmark) whether a response came from the cache: `hit`, `miss` or `bypass`. */
export const CACHE_HEADER = 'x-shopgraph-cache';

/**
 * A cached response is identified by the operation's document hash (sha256 of the query
 * text — the same hash Apollo Server computes and automatic persisted queries send), the
 * operation name and the values of the variables the operation declares. Anything else a
 * request carries does not change a customer read's answer: GraphQL ignores undeclared
 * variables, and keying on them let every request with a new ~96 KB one add an entry
 * (issue 17).
 */
export function cacheKey(queryHash: string, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined, declared: readonly string[]): string {
  const values = declared.map((name) => (variables && Object.hasOwn(variables, name) ? variables[name] : undefined));
  // Positional, in the order the document declares them: the client's key order does not matter.
  return `${queryHash}\n${operationName ?? ''}\n${JSON.stringify(values)}`;
}

/** An operation as its hash and requested name identify it (direct reads and the cache learn them so). */
export const operationKey = (queryHash: string, operationName: string | null | undefined) => `${queryHash}\n${operationName ?? ''}`;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Query texts hashed lately, the longest kept, and how many: clients send the same few documents again and again. */
const MAX_REMEMBERED_QUERY_LENGTH = 16 * 1024;
const MAX_REMEMBERED_QUERIES = 256;
const rememberedHashes = new Map<string, string>();

/**
 * The hash of a query text, remembered for the texts seen lately: looking a text up costs a
 * fraction of hashing it again (on a cache hit, hashing was a twentieth of the gateway's
 * work). Bounded in count and size; emptied when full, so the documents in use come back at once.
 */
function queryHashOf(query: string): string {
  const remembered = rememberedHashes.get(query);
  if (remembered !== undefined) return remembered;
  const hash = sha256Hex(query);
  if (query.length <= MAX_REMEMBERED_QUERY_LENGTH) {
    if (rememberedHashes.size >= MAX_REMEMBERED_QUERIES) rememberedHashes.clear();
    rememberedHashes.set(query, hash);
  }
  return hash;
}

export interface BodyOperation {
  queryHash: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

/**
 * What identifies the operation of a POSTed GraphQL body, without parsing the query: the
 * query text's hash, or the hash a persisted-query request sends instead of the text.
 * Undefined for anything that is not a plain single operation (the request then goes the
 * normal way).
 */
export function operationOfBody(body: unknown): BodyOperation | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  let queryHash: string | undefined;
  if (typeof query === 'string') queryHash = queryHashOf(query);
  else if (query == null) {
    const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
    if (typeof persisted === 'string') queryHash = persisted.toLowerCase();
  }
  if (!queryHash) return undefined;
  return {
    queryHash,
    operationName: (operationName as string | null | undefined) ?? undefined,
    variables: (variables as Record<string, unknown> | null | undefined) ?? undefined,
  };
}
