import type { IncomingMessage } from 'node:http';

/** `application/json`, with no charset or UTF-8 (what body-parser reads without converting). */
const JSON_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/**
 * The plain kind of GraphQL request the fast routes take ahead of Express: an uncompressed
 * UTF-8 JSON POST to one of `paths`, not asking for a query plan. Anything else (GET,
 * another encoding, a query string) goes to Express, which answers it as it always has.
 */
export function isPlainJsonPost(req: IncomingMessage, paths: readonly string[]): boolean {
  const h = req.headers;
  return (
    req.method === 'POST' &&
    req.url !== undefined &&
    paths.includes(req.url) &&
    JSON_TYPE.test(h['content-type'] ?? '') &&
    !h['content-encoding'] &&
    !h['apollo-query-plan-experimental']
  );
}
