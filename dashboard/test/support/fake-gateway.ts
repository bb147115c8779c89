/**
 * The network edge, faked: a `fetch` that answers GraphQL requests by operation name the
 * way the gateway does (JSON bodies, HTTP statuses, a dropped connection), so everything
 * above it — urql's fetch exchange, its error parsing, the pages — runs for real.
 */
export type FakeAnswer =
  | { data: unknown; status?: number }
  | { errors: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown; status?: number }
  | 'network-down';

export interface FakeRequest {
  operationName: string;
  variables: Record<string, unknown>;
  authorization: string | null;
}

/** May answer later (a promise): a test decides what arrives before the answer. */
export type FakeHandler = (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;

/** A live stream the page opened on /graphql/stream (graphql-sse's distinct connections). */
export interface FakeStream {
  operationName: string;
  variables: Record<string, unknown>;
  /** Sends a `next` event with this execution result's data. */
  push(data: unknown): void;
  /** True once the page has hung up (or the stream was completed). */
  readonly closed: boolean;
}

/** How the fake answers a stream request: open, refused (a 503), or with no connection at all. */
export type StreamMode = 'open' | 'unavailable' | 'network-down';

export interface FakeGateway {
  fetch: typeof fetch;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Replaces or adds the handler of one operation. */
  answer(operationName: string, handler: FakeHandler | FakeAnswer): void;
  /** Every live stream requested, in order. */
  streams: FakeStream[];
  /** How stream requests from now on are answered. @default 'open' */
  streamMode(mode: StreamMode): void;
}

const encoder = new TextEncoder();

function openStream(body: { operationName?: string; query: string; variables?: Record<string, unknown> }, signal: AbortSignal | null | undefined) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const bytes = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => void (closed = true),
  });
  signal?.addEventListener('abort', () => {
    closed = true;
    controller.error(new DOMException('aborted', 'AbortError'));
  });
  const stream: FakeStream = {
    operationName: body.operationName ?? /subscription\s+(\w+)/.exec(body.query)?.[1] ?? '',
    variables: body.variables ?? {},
    push: (data) => controller.enqueue(encoder.encode(`event: next\ndata: ${JSON.stringify({ data })}\n\n`)),
    get closed() {
      return closed;
    },
  };
  return { stream, response: new Response(bytes, { status: 200, headers: { 'content-type': 'text/event-stream' } }) };
}

export function fakeGateway(handlers: Record<string, FakeHandler | FakeAnswer> = {}): FakeGateway {
  const current = new Map(Object.entries(handlers));
  const requests: FakeRequest[] = [];
  const streams: FakeStream[] = [];
  let mode: StreamMode = 'open';
  const fetchStub = async (url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; query: string; variables?: Record<string, unknown> };
    const headers = new Headers(init?.headers);
    // (urql's own requests accept text/event-stream too, for incremental delivery: the path tells them apart.)
    if (String(url).endsWith('/graphql/stream')) {
      if (mode === 'network-down') throw new TypeError('Failed to fetch');
      if (mode === 'unavailable') return new Response(JSON.stringify(graphqlError('SERVICE_UNAVAILABLE', 'Too many streams.')), { status: 503 });
      const { stream, response } = openStream(body, init?.signal);
      streams.push(stream);
      return response;
    }
    const request = { operationName: body.operationName, variables: body.variables ?? {}, authorization: headers.get('authorization') };
    requests.push(request);
    const handler = current.get(body.operationName);
    if (!handler) throw new Error(`fake gateway: no answer for ${body.operationName}`);
    const answer = typeof handler === 'function' ? await handler(request) : handler;
    if (answer === 'network-down') throw new TypeError('Failed to fetch');
    const { status = 200, ...json } = answer;
    return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
  };
  return {
    fetch: fetchStub as typeof fetch,
    requests,
    answer: (operationName, handler) => void current.set(operationName, handler),
    streams,
    streamMode: (next) => void (mode = next),
  };
}

/** A GraphQL error the way the gateway words it. */
export const graphqlError = (code: string, message: string, extensions: Record<string, unknown> = {}) => ({
  errors: [{ message, extensions: { code, ...extensions } }],
});
