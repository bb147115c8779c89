import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Carried from the gateway to every subgraph call, and into every log line of a request. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The caller's request id when it looks like one, else a fresh one. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
}
