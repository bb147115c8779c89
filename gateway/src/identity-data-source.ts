import { AsyncLocalStorage } from 'node:async_hooks';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, IDENTITY_HEADER, type IdentitySigner } from '@shopgraph/identity/identity';
import { REQUEST_ID_HEADER } from '@shopgraph/telemetry/request-id';
import { takeReplay, type SubgraphReplay } from './customer-reads/subgraph-replay.js';
import type { GatewayContext } from './gateway-context.js';
import { SubgraphAtCapacity, type SubgraphFetch } from '@shopgraph/service-shell/subgraph-fetch';
import { noteValidUntil, VALID_UNTIL_HEADER } from '@shopgraph/graphql-conventions/valid-until';

/** The outcome a data source call replays instead of fetching (set around that one call). */
const replaying = new AsyncLocalStorage<SubgraphReplay['outcome']>();

type DidReceive = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

/**
 * Coded refusals a subgraph answers with a non-2xx status, which pass through as they are:
 * client mistakes (4xx) and retryable refusals (a subgraph at capacity answers 503).
 */
const PASSED_THROUGH = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE', 'TOO_MANY_REQUESTS']);

/**
 * How the gateway calls a subgraph: with the caller's verified identity signed for that
 * subgraph alone, with the gateway's key (an anonymous one for customers: subgraphs answer
 * signed requests only),
 * the request id, a bounded fetch (`createSubgraphFetch`), and the subgraph's
 * `x-shopgraph-valid-until` collected for the response cache. Nothing the client sent is
 * forwarded, so a client-made identity header never reaches a subgraph.
 */
export class IdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly sign: IdentitySigner,
    fetch: SubgraphFetch,
    /** The subgraph's name in the supergraph. */
    private readonly service: string,
  ) {
    // A replayed call gets the answer already fetched; any other is fetched.
    const fetchOrReplay: SubgraphFetch = (target, init) => {
      const outcome = replaying.getStore();
      if (!outcome) return fetch(target, init);
      return 'response' in outcome ? Promise.resolve(outcome.response) : Promise.reject(outcome.error);
    };
    // A SubgraphResponse has everything the data source reads of a fetcher's answer.
    super({ url, fetcher: fetchOrReplay as unknown as NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'] });
  }

  /**
   * A call a fast path already made for this request is answered with what it got (see
   * `SubgraphReplay`), through the data source's own reading of an answer: the same errors,
   * refusals and headers as a call made here.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    // Health checks carry no request context.
    if ('requestId' in options.context) {
      const replay = takeReplay(options.context, this.service, options.request.query, options.request.variables);
      if (replay) return replaying.run(replay.outcome, () => super.process(options));
    }
    return super.process(options);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    const caller = 'requestId' in context ? context : undefined; // health checks carry no request context
    if (caller) headers.set(REQUEST_ID_HEADER, caller.requestId);
    headers.set(IDENTITY_HEADER, await this.sign(caller?.ownerId ? { kind: 'owner', ownerId: caller.ownerId } : ANONYMOUS));
  }

  override async didReceiveResponse({ response, context }: DidReceive) {
    if ('requestId' in context) noteValidUntil(context, response.http?.headers.get(VALID_UNTIL_HEADER));
    return response;
  }

  /**
   * A subgraph that will not serve a request (at capacity, at its door; or past its own
   * deadline) answers 503 with `Retry-After`: noted on the request, so that an answer with
   * nothing else in it is refused the same way by the gateway (`retryAfterPlugin`) rather
   * than sent as a 200 a client does not know to retry. So is a call the gateway itself does
   * not make because it has as many calls to that subgraph in flight as it makes at once.
   */
  override didEncounterError(error: Error, fetchRequest: Parameters<RemoteGraphQLDataSource['didEncounterError']>[1], fetchResponse?: Parameters<RemoteGraphQLDataSource['didEncounterError']>[2], context?: GatewayContext): void {
    if ((fetchResponse?.status === 503 || error instanceof SubgraphAtCapacity) && context && 'requestId' in context) {
      const asked = Number(fetchResponse?.headers.get('retry-after')) || 1;
      context.subgraphRefusal = { retryAfterSeconds: Math.max(asked, context.subgraphRefusal?.retryAfterSeconds ?? 0) };
    }
    super.didEncounterError(error, fetchRequest, fetchResponse, context);
  }

  /**
   * A subgraph refuses a malformed request with a 4xx, and a request past its capacity with
   * a 503, each with a coded GraphQL error; the default turns any non-2xx into an uncoded
   * "400: Bad Request", which clients would see as an internal error. The coded refusal
   * passes through instead.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = (await response.json().catch(() => undefined)) as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | undefined;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (typeof code === 'string' && PASSED_THROUGH.has(code) && typeof first?.message === 'string') {
      return new GraphQLError(first.message, { extensions: { code } });
    }
    return new GraphQLError(`${response.status}: ${response.statusText}`, { extensions: { response: { status: response.status } } });
  }
}
