import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { DEADLINE_HEADER } from './caller-deadline.js';

export interface SubgraphFetchLimits {
  /** A subgraph that has not answered by then is reported unavailable. */
  timeoutMs: number;
  /** A larger answer is refused while it streams in, before the gateway holds it all. */
  maxResponseBytes: number;
  /**
   * Calls to one subgraph (one URL) at once from this process; one more is refused at once
   * (`SubgraphAtCapacity`) and never opens another connection.
   */
  maxInFlight: number;
}

export const responseTooLarge = () =>
  new GraphQLError('The answer to this request is too large: ask for fewer shops or fewer fields.', {
    extensions: { code: 'RESPONSE_TOO_LARGE' },
  });

const timedOut = (url: string, ms: number) =>
  new GraphQLError('A service this request needs did not answer in time; try again shortly.', {
    extensions: { code: 'SERVICE_UNAVAILABLE' },
    originalError: new Error(`${url} did not answer within ${ms} ms`),
  });

/**
 * Refused without a call: while a subgraph is slow to answer, every further call would open one
 * more connection to it, and a process starved of CPU accepts new connections late (measured on
 * 2 cores at load average 15-20: the shop subgraph's accept queue held 246 connections, calls on
 * them reached it up to 31 s after they were sent, after the gateway's 10 s timeout, and were
 * still executed; calls on kept-alive connections reached it within 1 s). No admission control
 * sees a connection not yet accepted: the bound has to be the caller's.
 */
export class SubgraphAtCapacity extends GraphQLError {
  constructor(url: string, max: number) {
    super('A service this request needs is at capacity; try again shortly.', {
      extensions: { code: 'SERVICE_UNAVAILABLE' },
      originalError: new Error(`${url} has ${max} calls in flight from this process`),
    });
  }
}

/** What callers read of a subgraph's answer (a subset of fetch's Response). */
export interface SubgraphResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly bodyUsed: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

function headerReader(headers: IncomingHttpHeaders) {
  return {
    get(name: string): string | null {
      const value = headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The HTTP client for every call a service makes to a subgraph: the gateway's (the federated
 * executor's and the customer read path's) and the consumers' re-reads (`createServiceClient`).
 * Bounded in time and in the bytes it buffers, the answer read whole (a GraphQL response is
 * parsed whole anyway). Plain `node:http` with a keep-alive agent: the global fetch (undici with
 * web streams) cost the gateway ~10 % of its CPU at 80 updates/s, and the projector's profile
 * at 80 updates/s showed undici and web streams at ~12 % of its busy time.
 */
export function createSubgraphFetch({ timeoutMs, maxResponseBytes, maxInFlight }: SubgraphFetchLimits) {
  // No more connections to a subgraph than calls it may have at once: the agent never queues.
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight, keepAliveMsecs: 10_000 });
  const inFlight = new Map<string, number>();
  return (url: string, init: { method?: string; headers?: Record<string, string> | Headers; body?: string | Buffer } = {}): Promise<SubgraphResponse> => {
    const calls = inFlight.get(url) ?? 0;
    if (calls >= maxInFlight) return Promise.reject(new SubgraphAtCapacity(url, maxInFlight));
    inFlight.set(url, calls + 1);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      inFlight.set(url, inFlight.get(url)! - 1);
    };
    return new Promise<SubgraphResponse>((resolveAnswer, rejectAnswer) => {
      const resolve = (response: SubgraphResponse) => {
        clearTimeout(timer);
        end();
        resolveAnswer(response);
      };
      const reject = (error: unknown) => {
        clearTimeout(timer);
        end();
        rejectAnswer(error);
      };
      const headers = init.headers instanceof Headers ? Object.fromEntries(init.headers) : (init.headers ?? {});
      const body = init.body ?? '';
      // When this call is given up on (below), so the callee neither starts nor commits it after.
      const deadline = String(Date.now() + timeoutMs);
      const outgoing = request(url, { method: init.method ?? 'POST', agent, headers: { ...headers, [DEADLINE_HEADER]: deadline, 'content-length': Buffer.byteLength(body) } }, (incoming) => {
        const declared = Number(incoming.headers['content-length'] ?? Number.NaN);
        if (declared > maxResponseBytes) {
          incoming.destroy();
          reject(responseTooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let length = 0;
        incoming.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > maxResponseBytes) {
            incoming.destroy();
            outgoing.destroy();
            reject(responseTooLarge());
          } else chunks.push(chunk);
        });
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks, length).toString('utf8');
          const status = incoming.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: incoming.statusMessage ?? '',
            url,
            bodyUsed: false,
            headers: headerReader(incoming.headers),
            text: async () => text,
            json: async () => JSON.parse(text) as unknown,
          });
        });
      });
      const timer = setTimeout(() => {
        outgoing.destroy();
        reject(timedOut(url, timeoutMs));
      }, timeoutMs);
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
}

export type SubgraphFetch = ReturnType<typeof createSubgraphFetch>;
