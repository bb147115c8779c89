import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AuthTokens } from '@shopgraph/identity/auth-token';
import type { AdaptiveLimit } from '@shopgraph/service-shell/adaptive-limit';
import { refuseOverloaded, type Admission } from '@shopgraph/service-shell/admission';
import { requestTimer } from '@shopgraph/telemetry/graphql-metrics-plugin';
import { REQUEST_ID_HEADER, requestIdFrom } from '@shopgraph/telemetry/request-id';
import type { InServerSpan } from '@shopgraph/telemetry/server-span';
import { bearerToken } from '../bearer-token.js';
import { operationOfBody } from '../customer-reads/cache-key.js';
import type { SubgraphReplay } from '../customer-reads/subgraph-replay.js';
import { AT_CAPACITY, handToApp, readJsonBody } from '../front-request.js';
import { isPlainJsonPost } from '@shopgraph/service-shell/plain-json-post';
import { GRAPHQL_PATHS, NEVER_STORED, sendAnswer } from '../send-answer.js';
import type { DirectWrites } from './direct-writes.js';

/** The refusal of the write limit: the command side answers slower than the limit's target. */
export const COMMAND_SIDE_BUSY = 'The command side is at capacity; try again shortly.';

/** A subgraph call that came back refused for load, or not at all (a timeout, a refused connection). */
const wasRefused = (outcome: SubgraphReplay['outcome']) => 'error' in outcome || outcome.response.status === 503 || outcome.response.status === 429;

export interface WritesFrontOptions {
  writes: DirectWrites;
  tokens: AuthTokens;
  /** Every request that is not an owner's plain JSON POST: the customer read front, or the app. */
  next: RequestListener;
  /** The Express app, which answers what is not sent directly (with the body already parsed). */
  app: RequestListener;
  /** Sets CORS headers as the app's CORS middleware would. */
  cors: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  bodyLimitBytes: number;
  /** Admission of the requests taken here; null when the server's door admits every request. */
  admission: Admission | null;
  /**
   * The owners' requests this worker sends on at once, adapting to how fast the command side
   * answers (see `writeLimit`); past it one is refused at once. Null: no such limit.
   */
  limit: AdaptiveLimit | null;
  /** Opens the server span of a request taken here. */
  inServerSpan: InServerSpan;
}

/**
 * The gateway's HTTP entry for owners' mutations, in front of everything else: an owner's
 * plain JSON POST of a mutation the gateway has learned (`DirectWrites`) is sent straight to
 * its subgraph and the clean answer returned; anything else — another operation, a token
 * that does not verify, variables the gateway would refuse, an answer with errors — goes to
 * the app as it would have, the body already parsed (and, for a call already made, replayed).
 * Admitted as the customer read front admits work: refused at once with 503 and Retry-After
 * while the worker is at capacity.
 */
export function writesFront({ writes, tokens, next, app, cors, bodyLimitBytes, admission, limit, inServerSpan }: WritesFrontOptions): RequestListener {
  return (req, res) => {
    const token = bearerToken(req.headers.authorization);
    if (!token || !isPlainJsonPost(req, GRAPHQL_PATHS)) return next(req, res);
    readJsonBody(req, res, bodyLimitBytes, cors).then(async (parsed) => {
      if (!parsed) return;
      const { body } = parsed;
      // CORS headers first, so a browser can read a refusal (a POST is no preflight: `cors` always continues).
      await new Promise<void>((go) => cors(req, res, go));
      if (admission && !admission.admit(req, res, AT_CAPACITY)) return;
      const release = limit?.acquire();
      if (limit && !release) return refuseOverloaded(req, res, COMMAND_SIDE_BUSY);
      // A refusal from downstream (503, or no answer in time) tells the limit as much as a slow answer.
      let refusedDownstream = false;
      if (release) res.once('close', () => release(refusedDownstream || res.statusCode === 503));
      // One id for the call made here and, if it is handed over, the app's log lines and answer.
      const requestId = requestIdFrom(req.headers);
      req.headers[REQUEST_ID_HEADER] = requestId;
      const toApp = (replay?: SubgraphReplay) => handToApp(app, req, res, body, replay);
      const operation = operationOfBody(body);
      const { query, extensions } = body as { query?: unknown; extensions?: unknown };
      // A request carrying extensions (automatic persisted queries registering a hash, say) needs Apollo Server to see it.
      const write = operation && typeof query === 'string' && extensions === undefined ? writes.known(operation.queryHash, operation.operationName) : undefined;
      return inServerSpan(req, res, async () => {
        if (!write) return toApp();
        const timer = requestTimer();
        const ownerId = await tokens.verify(token);
        const variables = ownerId ? writes.variablesFor(write, operation!.variables) : undefined;
        if (!ownerId || !variables) return toApp();
        const answer = await writes.send(write, variables, ownerId, requestId);
        if ('replay' in answer) {
          refusedDownstream = wasRefused(answer.replay.outcome);
          return toApp(answer.replay);
        }
        // Requests answered here never reach Apollo Server's metrics plugin: timed here, as it reports them.
        timer(writes.operationName(write), 'ok');
        sendAnswer(res, requestId, answer.text, NEVER_STORED);
      });
    });
  };
}
