import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { IDENTITY_HEADER, type Identity, type IdentityVerifier } from '@shopgraph/identity/identity';
import { refusedAsTooLate } from './caller-deadline.js';
import type { CompiledOperations } from './compiled-operations.js';
import { readBody } from './read-body.js';
import { answerRequestError, describeRequestError, sendRequestError } from './request-errors.js';

/** The refusal of a request without a valid signed identity (see `identityGuard`). */
export const UNSIGNED_REQUEST = 'This service answers requests signed by the platform only: send yours through the gateway.';

export interface GraphQLRouteOptions<C extends BaseContext> {
  /** Started. */
  apollo: ApolloServer<C>;
  identities: IdentityVerifier;
  bodyLimitBytes: number;
  /** Answers known queries from compiled code first; null when the service has none. */
  compiled: Pick<CompiledOperations, 'answer'> | null;
  contextOf: (req: IncomingMessage, identity: Identity) => Promise<C>;
  /** Told of a failure that is the service's, not the client's (it gets a plain 500). */
  onUnexpected: (error: unknown) => void;
}

/**
 * A GraphQL service's POST /graphql without Express: what the Express route does
 * (`identityGuard`, `express.json`, compiled operations, Apollo's Express middleware), for the
 * plain JSON POSTs that are all of a subgraph's traffic (`isPlainJsonPost`). Express's router,
 * body-parser and `res.send` were ~15 % of the shop subgraph's CPU at 80 updates/s; the
 * answers are the same, less the ETag Express computes (no caller of a subgraph uses it).
 * Everything else still goes to the Express route.
 */
export function graphqlRoute<C extends BaseContext>({ apollo, identities, bodyLimitBytes, compiled, contextOf, onUnexpected }: GraphQLRouteOptions<C>): RequestListener {
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A call its caller has already given up on is not started (a change is not committed either: `runRecordedChange`).
    if (refusedAsTooLate(req, res)) return;
    const identity = await identities.verify(req.headers[IDENTITY_HEADER]);
    if (!identity) return sendRequestError(res, 401, 'UNAUTHENTICATED', UNSIGNED_REQUEST);
    const text = await readBody(req, bodyLimitBytes);
    let body: unknown;
    try {
      // body-parser reads an empty body as {}.
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      return sendRequestError(res, 400, 'BAD_REQUEST', describeRequestError({ type: 'entity.parse.failed' }).message);
    }
    const context = () => contextOf(req, identity);
    if (compiled && (await compiled.answer(body, context, res))) return;
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: 'POST', headers, search: '', body }, context });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return (req, res) => void serve(req, res).catch((error: unknown) => answerRequestError(res, error, onUnexpected));
}
