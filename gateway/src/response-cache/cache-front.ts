import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { describeRequestError, sendRequestError } from '@shopgraph/kit/request-errors';
import { REQUEST_ID_HEADER, requestIdFrom } from '@shopgraph/kit/request-id';
import { CACHE_HEADER, cacheKeyOfBody } from './cache-key.js';
import type { ResponseCache } from './response-cache.js';

export interface CacheFrontOptions {
  cache: ResponseCache;
  /** The Express app that answers everything the cache does not. */
  app: RequestListener;
  /** Sets the CORS headers of a cached answer as the app's CORS middleware would. */
  cors: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  bodyLimitBytes: number;
}

/** Only plain, anonymous, uncompressed JSON POSTs to the GraphQL path can be answered from the cache. */
function mayBeCached(req: IncomingMessage, cache: ResponseCache): boolean {
  const h = req.headers;
  return (
    cache.enabled &&
    req.method === 'POST' &&
    (req.url === '/graphql' || req.url === '/') &&
    (h['content-type']?.startsWith('application/json') ?? false) &&
    !h['content-encoding'] &&
    !h.authorization &&
    !h['apollo-query-plan-experimental'] &&
    !h['cache-control']?.includes('no-cache')
  );
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(Object.assign(new Error('too large'), { type: 'entity.too.large' }));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => reject(Object.assign(new Error('aborted'), { type: 'request.aborted' })));
  });
}

/**
 * The gateway's HTTP entry: answers customer reads found in the response cache before
 * Express and Apollo Server see them, which is most of the cost of a cached read
 * (measured: about three times the CPU of the cache lookup itself). Everything else goes
 * to the app; a body read here is handed over parsed, as `express.json` would have.
 *
 * A body is only ever found in the cache if the same body was executed, validated and
 * stored by `responseCachePlugin`, whose answers are the same for every caller. Requests
 * with credentials, a query-plan request, or `Cache-Control: no-cache` always go the
 * normal way.
 */
export function cacheFront({ cache, app, cors, bodyLimitBytes }: CacheFrontOptions): RequestListener {
  return (req, res) => {
    if (!mayBeCached(req, cache)) {
      app(req, res);
      return;
    }
    readBody(req, bodyLimitBytes).then(
      (text) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (error) {
          const { status, code, message } = describeRequestError(Object.assign(error as Error, { type: 'entity.parse.failed' }));
          cors(req, res, () => sendRequestError(res, status, code, message));
          return;
        }
        const key = cacheKeyOfBody(body);
        const hit = key === undefined ? undefined : cache.get(key);
        if (hit === undefined) {
          // express.json skips a request whose body has been read; this is what it would have set.
          (req as IncomingMessage & { body?: unknown }).body = body;
          app(req, res);
          return;
        }
        cors(req, res, () => {
          res.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(hit),
            [REQUEST_ID_HEADER]: requestIdFrom(req.headers),
            [CACHE_HEADER]: 'hit',
          });
          res.end(hit);
        });
      },
      (error: unknown) => {
        const { status, code, message } = describeRequestError(error);
        cors(req, res, () => sendRequestError(res, status, code, message));
      },
    );
  };
}
