import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { createHandler } from 'graphql-sse';
import type { Logger } from '@shopgraph/telemetry/logger';
import { sendRequestError } from '@shopgraph/service-shell/request-errors';
import { REQUEST_ID_HEADER, requestIdFrom } from '@shopgraph/telemetry/request-id';
import type { LiveRead } from './live-operation.js';
import type { LiveShops } from './live-shops.js';
import { ShopStream } from './shop-stream.js';
import { readBody, type BodyRefusal } from '@shopgraph/service-shell/read-body';

export interface StreamRouteOptions {
  live: LiveShops;
  /** Turns a request's parameters into the read that serves it, or coded errors. */
  prepare: (params: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }) => LiveRead | { errors: GraphQLError[] };
  /** Open streams one client address may hold in this worker; one more: 429. */
  perAddress: number;
  /** Open streams this worker holds; one more: 503. */
  perWorker: number;
  /** Bytes a stream may have waiting for a slow client; past it the client is dropped. */
  maxBufferBytes: number;
  bodyLimitBytes: number;
  logger: Logger;
}

/** What each status graphql-sse answers without a body means to a client. */
const STATUS_MESSAGES: Record<number, string> = {
  404: 'Not found.',
  405: 'Use GET or POST.',
  406: 'Send Accept: text/event-stream.',
  409: 'This stream is already open.',
  415: 'Send the operation as JSON (Content-Type: application/json), or as URL parameters with GET.',
};


/** graphql-sse's own refusals carry no code: every error gets BAD_REQUEST, as /graphql would give. */
function codedBody(status: number, body: string | null | undefined): string {
  let errors: { message?: string; extensions?: Record<string, unknown> }[] = [];
  try {
    errors = body ? ((JSON.parse(body) as { errors?: typeof errors }).errors ?? []) : [];
  } catch {
    errors = [];
  }
  if (errors.length === 0) errors = [{ message: STATUS_MESSAGES[status] ?? 'Bad request.' }];
  return JSON.stringify({ errors: errors.map(({ message, extensions }) => ({ message, extensions: { ...extensions, code: (extensions?.code as string | undefined) ?? 'BAD_REQUEST' } })) });
}

interface OpenStream {
  address: string;
  /** Ends the response without `complete`, and its connection, so the client reconnects elsewhere. */
  close(): void;
}

/**
 * `/graphql/stream`: GraphQL over Server-Sent Events with the graphql-sse library, in its
 * distinct-connections mode (one POST with `Accept: text/event-stream`, or one GET with the
 * operation in the URL for `EventSource`, per subscription). The protocol is graphql-sse's;
 * the writing to the socket is ours, to bound it.
 *
 * Refusals: caps and malformed requests before the stream starts (coded JSON, 4xx or 503,
 * `Retry-After` when waiting helps; graphql-sse's client retries those), GraphQL errors
 * (parse, validation, limits, anything but `shopPublished`) inside the stream, where the
 * protocol puts them: one `next` with the coded errors, then `complete`.
 *
 * Bounded: streams per client address and per worker; a client that reads slower than its
 * views are pushed has at most `maxBufferBytes` waiting, then its connection is dropped
 * (it reconnects and gets the current view). graphql-sse writes a comment every 12 s, which
 * keeps proxies from timing the stream out. No compression, and `X-Accel-Buffering: no`
 * for nginx.
 */
export function createStreamRoute({ live, prepare, perAddress, perWorker, maxBufferBytes, bodyLimitBytes, logger }: StreamRouteOptions) {
  const open = new Set<OpenStream>();
  const byAddress = new Map<string, number>();
  let draining = false;
  let slowDropped = 0;

  const handler = createHandler<IncomingMessage, { stream?: ShopStream }>({
    onSubscribe(req, params) {
      const read = prepare(params);
      // `data` present (undefined) marks it a result for graphql-sse: sent as one `next`, then `complete`.
      if ('errors' in read) return { data: undefined, errors: read.errors } as ExecutionResult;
      const stream = new ShopStream(() => unwatch());
      // The route attaches the response to it once the headers are out.
      req.context.stream = stream;
      const unwatch = live.watch(read, stream);
      return stream;
    },
  });

  const refuse = (res: ServerResponse, status: number, code: string, message: string, retryAfterSeconds?: number) => {
    if (retryAfterSeconds !== undefined) res.setHeader('retry-after', String(retryAfterSeconds));
    sendRequestError(res, status, code, message);
  };

  async function serve(req: IncomingMessage & { ip?: string }, res: ServerResponse): Promise<void> {
    res.setHeader(REQUEST_ID_HEADER, requestIdFrom(req.headers));
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      return refuse(res, 405, 'BAD_REQUEST', STATUS_MESSAGES[405]!);
    }
    if (!req.headers.accept?.includes('text/event-stream')) return refuse(res, 406, 'BAD_REQUEST', STATUS_MESSAGES[406]!);
    // Checked before the body is read: a refused client costs nothing more.
    if (draining) {
      res.setHeader('connection', 'close');
      return refuse(res, 503, 'SERVICE_UNAVAILABLE', 'This gateway worker is restarting; connect again.', 1);
    }
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (open.size >= perWorker) return refuse(res, 503, 'SERVICE_UNAVAILABLE', 'The gateway holds as many live streams as it takes; try again shortly.', 5);
    if ((byAddress.get(address) ?? 0) >= perAddress) {
      return refuse(res, 429, 'TOO_MANY_REQUESTS', `At most ${perAddress} live streams per client address; close one first.`, 10);
    }
    byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
    let closing = false;
    const entry: OpenStream = {
      address,
      close() {
        closing = true;
        if (!res.headersSent) {
          res.setHeader('connection', 'close');
          refuse(res, 503, 'SERVICE_UNAVAILABLE', 'This gateway worker is restarting; connect again.', 1);
          return;
        }
        res.end();
        // The connection too: a client retrying at once must not reuse it to reach this worker.
        const socket = req.socket as Socket;
        socket.end();
        setTimeout(() => socket.destroy(), 1000).unref();
      },
    };
    open.add(entry);
    res.once('close', () => {
      open.delete(entry);
      const left = (byAddress.get(address) ?? 1) - 1;
      if (left > 0) byAddress.set(address, left);
      else byAddress.delete(address);
    });

    const read = req.method === 'POST' ? await readBody(req, bodyLimitBytes).catch((refused: BodyRefusal) => refused) : null;
    if (closing || res.writableEnded || res.destroyed) return;
    if (read instanceof Error) {
      // A client gone before its body was in: nothing to answer.
      if (read.type === 'request.aborted') return;
      return refuse(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
    }
    const body = read;
    const operation: { stream?: ShopStream } = {};
    const [events, init] = await handler({
      method: req.method,
      url: req.url ?? '/',
      headers: {
        get: (key: string) => {
          // graphql-sse takes exactly `text/event-stream`; checked above that the client accepts it.
          if (key === 'accept') return 'text/event-stream';
          const value = req.headers[key];
          return Array.isArray(value) ? value.join('\n') : value;
        },
      },
      body,
      raw: req,
      context: operation,
    });
    // Closed meanwhile (drained, or the client went away while the stream was set up): its
    // operation is ended here, since the response's 'close' has already passed.
    if (closing || res.writableEnded || res.destroyed) {
      if (events && typeof events !== 'string') void events.return(undefined);
      return;
    }
    if (init.status !== 200 || !events || typeof events === 'string') {
      const text = codedBody(init.status, typeof events === 'string' ? events : null);
      res.writeHead(init.status === 200 ? 400 : init.status, { ...(init.headers?.allow ? { allow: init.headers.allow } : {}), 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Nothing compresses it here; this keeps a proxy from doing so.
      'content-encoding': 'none',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    res.once('close', () => void events.return(undefined));
    const write = (chunk: string): boolean => {
      if (closing || res.destroyed) return false;
      res.write(chunk);
      // Counts what waits in the response and in the socket: bounded, never buffered for ever.
      if (res.writableLength > maxBufferBytes) {
        slowDropped += 1;
        logger.info({ address, buffered: res.writableLength }, 'live stream dropped: the client reads too slowly');
        res.destroy();
        return false;
      }
      return true;
    };
    // Views (`next`) are written by the fan-out; graphql-sse's own messages (the heartbeat
    // comment, errors, `complete`) come through its iterator.
    operation.stream?.attach(write);
    for await (const chunk of events) if (!write(chunk)) break;
    if (!closing && !res.writableEnded && !res.destroyed) res.end();
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse): void {
      serve(req, res).catch((error: unknown) => {
        logger.error({ err: error }, 'live stream failed');
        if (!res.headersSent) refuse(res, 503, 'SERVICE_UNAVAILABLE', 'The live stream could not be opened; try again shortly.', 1);
        else res.destroy();
      });
    },
    /** A draining worker: refuses new streams and closes the open ones' connections (not with `complete`, which is final for a client). */
    closeAll(): void {
      draining = true;
      for (const stream of [...open]) stream.close();
    },
    stats() {
      return { open: open.size, slowDropped };
    },
  };
}

export type StreamRoute = ReturnType<typeof createStreamRoute>;
