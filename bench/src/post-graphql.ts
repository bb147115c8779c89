import { Agent, request } from 'undici';

/** An answer later than this is counted as hung (the gateway's own deadline is 30 s). */
const HUNG_MS = 35_000;

/**
 * The connections the bench's own requests go through. Node's global `fetch` cost this process
 * 892 µs of CPU per request against 249 µs with undici's `request` (3,000 cached reads through
 * the gateway, 4 at a time, 2026-12-05): at W1's ~390 requests/s (updates, reads, lag probes)
 * that was a third of a core taken from the stack it shares the box with, and every latency it
 * reported included its wait for that core.
 */
const dispatcher = new Agent({ keepAliveTimeout: 60_000, headersTimeout: HUNG_MS, bodyTimeout: HUNG_MS });
const TIMED_OUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export interface Answer {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
  retryAfter: string | null;
  /** The gateway's response cache on this answer (x-shopgraph-cache: hit, miss, bypass), if it says. */
  cache: string | null;
}

/** Thrown for an answer not complete within `HUNG_MS` (counted as hung). */
export class HungError extends Error {}

/** One GraphQL POST; an answer that is not JSON (a proxy's error page) comes back without data or errors. */
export async function post(url: string, query: string, variables: Record<string, unknown>, token?: string, headers: Record<string, string> = {}): Promise<Answer> {
  try {
    const response = await request(url, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.body.json().catch(() => ({}))) as Omit<Answer, 'status' | 'retryAfter' | 'cache'>;
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0]! : (value ?? null);
    };
    return { status: response.statusCode, retryAfter: header('retry-after'), cache: header('x-shopgraph-cache'), ...body };
  } catch (error) {
    if (TIMED_OUT.has((error as { code?: string }).code ?? '')) throw new HungError(`no answer in ${HUNG_MS} ms`);
    throw error;
  }
}
