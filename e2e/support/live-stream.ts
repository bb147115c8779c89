import { waitFor } from '@shopgraph/testing/wait-for';

/** One Server-Sent Event as the graphql-sse protocol sends it. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

export interface OpenedStream {
  status: number;
  headers: Headers;
  /** Every event received so far, in order (comments not included). */
  events: StreamEvent[];
  /** Comments received (the heartbeat is one). */
  comments: number;
  /** Resolves when the server ends the stream (cleanly or not). */
  ended: Promise<'ended' | 'error'>;
  /** The body when the server refused the stream (not 200). */
  refusal: unknown;
  /** Waits until at least `count` events have arrived, and returns them all. */
  waitForEvents(count: number, timeoutMs?: number): Promise<StreamEvent[]>;
  close(): void;
}

/**
 * Opens a stream on /graphql/stream with nothing but fetch, as a browser page or curl
 * would: POST with `Accept: text/event-stream` (or GET with the operation in the URL), and
 * parses the events by hand, so the protocol on the wire is what is tested.
 */
export async function openStream(
  streamUrl: string,
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  { method = 'POST', headers = {} }: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {},
): Promise<OpenedStream> {
  const control = new AbortController();
  const url = new URL(streamUrl);
  if (method === 'GET') {
    url.searchParams.set('query', request.query);
    if (request.variables) url.searchParams.set('variables', JSON.stringify(request.variables));
    if (request.operationName) url.searchParams.set('operationName', request.operationName);
  }
  const response = await fetch(url, {
    method,
    signal: control.signal,
    headers: { accept: 'text/event-stream', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(method === 'POST' ? { body: JSON.stringify(request) } : {}),
  });
  const events: StreamEvent[] = [];
  const stream: OpenedStream = {
    status: response.status,
    headers: response.headers,
    events,
    comments: 0,
    refusal: undefined,
    ended: Promise.resolve('ended'),
    waitForEvents: (count, timeoutMs = 10_000) => waitFor(() => events.length >= count && events, { what: `${count} stream events (have ${JSON.stringify(events)})`, timeoutMs }),
    close: () => control.abort(),
  };
  if (response.status !== 200) {
    stream.refusal = await response.json().catch(() => null);
    return stream;
  }
  stream.ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = '';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments += 1;
            else if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          // `complete` carries an empty data line.
          const text = data.join('\n');
          if (event) events.push({ event, data: text ? JSON.parse(text) : null });
        }
      }
      return 'ended';
    } catch {
      return 'error';
    }
  })();
  return stream;
}

/** The `next` payloads of a stream, in order. */
export const nexts = (events: StreamEvent[]) => events.filter((e) => e.event === 'next').map((e) => e.data as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] });
