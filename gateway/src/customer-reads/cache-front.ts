import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Admission } from '@shopgraph/service-shell/admission';
import { requestTimer } from '@shopgraph/telemetry/graphql-metrics-plugin';
import type { InServerSpan } from '@shopgraph/telemetry/server-span';
import { requestIdFrom } from '@shopgraph/telemetry/request-id';
import { CACHE_HEADER, operationOfBody } from './cache-key.js';
import type { DirectReads } from './direct-reads.js';
import { fillCache } from './fill-cache.js';
import type { PeerFills } from './peer-fills.js';
import type { ResponseCache } from './response-cache.js';
import type { SponsoredSlates } from './sponsored-slates.js';
import type { SubgraphReplay } from './subgraph-replay.js';
import { AT_CAPACITY, handToApp, readJsonBody } from '../front-request.js';
import { isPlainJsonPost } from '@shopgraph/service-shell/plain-json-post';
import { GRAPHQL_PATHS, NEVER_STORED, sendAnswer } from '../send-answer.js';

export interface CacheFrontOptions {
  cache: ResponseCache;
  /** Forwards known shop reads to the display subgraph; null when direct reads are off. */
  direct: DirectReads | null;
  /** The other workers, to share what is stored with; null outside a cluster. */
  peers: PeerFills | null;
  /** Answers sponsored slates the executor has planned; null when direct reads are off. */
  slates: SponsoredSlates | null;
  /** The Express app that answers everything else. */
  app: RequestListener;
  /** Sets CORS headers as the app's CORS middleware would. */
  cors: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  bodyLimitBytes: number;
  /**
   * Admission for everything but a cache hit: past its bound (requests executing at once,
   * or the worker overloaded), a request that would need real work is refused at once.
   */
  admission: Admission;
  /** Opens the server span of a request that does work (cache hits get none); see serverSpans. */
  inServerSpan: InServerSpan;
}

/** Only plain, anonymous JSON POSTs to the GraphQL path are customer reads here. */
const isAnonymousJsonPost = (req: IncomingMessage) => isPlainJsonPost(req, GRAPHQL_PATHS) && !req.headers.authorization;

function send(res: ServerResponse, req: IncomingMessage, body: string | Uint8Array, cacheStatus: 'hit' | 'miss' | typeof NEVER_STORED): void {
  sendAnswer(res, requestIdFrom(req.headers), body, typeof cacheStatus === 'string' ? { [CACHE_HEADER]: cacheStatus } : cacheStatus);
}

/**
 * The gateway's HTTP entry for customer reads, in front of Express and Apollo Server,
 * which are most of the cost of a read:
 *
 * 1. a hit in the response cache is answered at once;
 * 2. a miss whose operation Apollo Server has already validated and found to be a shop read
 *    (`DirectReads`, learned by `customerReadPlugin`) is forwarded to the display subgraph as
 *    it is, and a clean answer is returned and cached (`fillCache`); a sponsored slate the
 *    executor has planned is answered by its two fetches (`SponsoredSlates`), never cached;
 * 3. anything else — and any answer with errors — goes to the app, with the body already
 *    parsed as `express.json` would have left it.
 *
 * Only what needs real work passes admission control: while as many such requests are
 * executing as the worker takes, or the worker is overloaded, everything but a hit is
 * refused at once with 503 and `Retry-After`, so customers' cached pages stay fast and
 * nobody waits for a timeout.
 *
 * A body is only ever found in the cache if the same operation with the same declared
 * variables was executed and stored earlier, and the answers are the same for every caller.
 * Requests with credentials or asking for a query plan always go to the app (which stores
 * nothing for them either); `Cache-Control: no-cache` skips the lookup (the fresh answer is
 * still stored).
 */
export function cacheFront({ cache, direct, peers, slates, app, cors, bodyLimitBytes, admission, inServerSpan }: CacheFrontOptions): RequestListener {
  return (req, res) => {
    if (!isAnonymousJsonPost(req)) {
      cors(req, res, () => {
        if (admission.admit(req, res, AT_CAPACITY)) inServerSpan(req, res, () => app(req, res));
      });
      return;
    }
    readJsonBody(req, res, bodyLimitBytes, cors).then(async (parsed) => {
      if (!parsed) return;
      const { body } = parsed;
      const toApp = (traced = true, replay?: SubgraphReplay | null) => {
        if (traced) inServerSpan(req, res, () => handToApp(app, req, res, body, replay));
        else handToApp(app, req, res, body, replay);
      };
      const read = operationOfBody(body);
      // Requests answered here never reach Apollo Server's metrics plugin: timed here, under
      // the name the document gives the operation, as the plugin reports it.
      const timer = read ? requestTimer() : undefined;
      const done = timer && ((outcome: string) => timer(direct?.operationName(read!.queryHash, read!.operationName) ?? read!.operationName, outcome));
      const fresh = req.headers['cache-control']?.includes('no-cache') ?? false;
      // Undefined until Apollo Server has resolved the operation once (and the cache learned it).
      const hit = !read || fresh ? undefined : cache.lookup(read.queryHash, read.operationName, read.variables);
      if (hit !== undefined) {
        done?.('ok');
        return cors(req, res, () => send(res, req, hit, 'hit'));
      }
      // Past saturation a hit still costs next to nothing; anything else waits for the cores.
      // (CORS headers first, so a browser can read the refusal; a POST is no preflight, so `cors` always continues.)
      await new Promise<void>((next) => cors(req, res, next));
      if (!admission.admit(req, res, AT_CAPACITY)) return;
      if (!read) return toApp();
      const { query, extensions } = body as { query?: unknown; extensions?: unknown };
      // A request carrying extensions (automatic persisted queries registering a hash, say)
      // needs Apollo Server to see it: only plain ones are forwarded.
      const plain = typeof query === 'string' && extensions === undefined;
      const slate = plain ? slates?.known(read.queryHash, read.operationName, read.variables) : undefined;
      if (slates && slate) {
        return inServerSpan(req, res, async () => {
          const answer = await slates.answer(slate, read.variables, requestIdFrom(req.headers));
          if (!('text' in answer)) return toApp(false, answer.replay);
          timer?.(slates.operationName(slate) ?? read.operationName, 'ok');
          cors(req, res, () => send(res, req, answer.text, NEVER_STORED));
        });
      }
      const shopIds = plain && direct ? direct.shopIds(read.queryHash, read.operationName, read.variables) : undefined;
      if (!direct || !shopIds) return toApp();
      const ticket = cache.ticket();
      // One server span for the forward and, if it falls back, the app.
      return inServerSpan(req, res, async () => {
        const answer = await direct.forward({ query: query as string, operationName: read.operationName, variables: read.variables }, requestIdFrom(req.headers));
        if (!answer) return toApp(false);
        fillCache(cache, read, shopIds, ticket, answer, { peers, query: query as string, fresh });
        done?.('ok');
        cors(req, res, () => send(res, req, answer.text, 'miss'));
      });
    });
  };
}
