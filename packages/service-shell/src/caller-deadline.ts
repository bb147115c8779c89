import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { sendRequestError } from './request-errors.js';

/**
 * When the caller stops waiting for a call (ms since the epoch), sent with every call a
 * service makes to another (`createSubgraphFetch`): the callee does not start, nor commit, a
 * request its caller has already given up on and reported as failed. An absolute time, not a
 * remaining duration, because the long waits were before the callee saw the request at all:
 * calls that sat in a starved subgraph's accept queue reached it 8–31 s after the gateway had
 * sent them, and were executed (2026-12-04). Clocks of the services' hosts are assumed to agree
 * within a fraction of the callers' timeouts (seconds), as NTP keeps them.
 */
export const DEADLINE_HEADER = 'x-shopgraph-deadline';

/** The caller's deadline, if the header holds one (a whole number of ms since the epoch). */
export function callerDeadline(headers: IncomingHttpHeaders): number | undefined {
  const value = headers[DEADLINE_HEADER];
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

export const isPastDeadline = (deadline: number | undefined, now = Date.now()) => deadline !== undefined && now >= deadline;

export const CALLER_GONE_MESSAGE = 'The caller stopped waiting for this request before it ran; nothing was changed. Try again.';

/** The refusal of a change whose caller has given up: retryable, and nothing was changed. */
export const callerGone = () => new GraphQLError(CALLER_GONE_MESSAGE, { extensions: { code: 'SERVICE_UNAVAILABLE' } });

/** Refuses (503) a call that arrives past its caller's deadline, before anything runs; returns whether it did. */
export function refusedAsTooLate(req: IncomingMessage, res: ServerResponse): boolean {
  if (!isPastDeadline(callerDeadline(req.headers))) return false;
  sendRequestError(res, 503, 'SERVICE_UNAVAILABLE', CALLER_GONE_MESSAGE);
  return true;
}
