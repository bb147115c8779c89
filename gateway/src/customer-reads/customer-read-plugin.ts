import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { noteValidUntil } from '@shopgraph/graphql-conventions/valid-until';
import type { GatewayContext } from '../gateway-context.js';
import { CACHE_HEADER, type BodyOperation } from './cache-key.js';
import { shopIdsOfCacheableOperation } from './cacheable-operation.js';
import type { DirectReads } from './direct-reads.js';
import { fillCache } from './fill-cache.js';
import type { PeerFills } from './peer-fills.js';
import { shopPiecesOf } from './shop-pieces.js';
import type { ResponseCache } from './response-cache.js';

export interface CustomerReadPluginOptions {
  /** Null when the response cache is off. */
  cache: ResponseCache | null;
  /** Null when direct reads are off. */
  direct: DirectReads | null;
  /** The other workers, to share what is stored with; null outside a cluster. */
  peers: PeerFills | null;
}

/**
 * The customer read path inside Apollo Server, for the reads `cacheFront` could not answer:
 * once Apollo Server has validated a customer shop read, it is learned (its declared
 * variables, so the front can key the next ones; its document, so the front can forward
 * them), answered from the display subgraph directly when it answers cleanly (returning null
 * leaves the operation to the federated executor), and its answer stored (`fillCache`).
 *
 * A request with credentials is never stored (and `cacheFront` never answers one from the
 * cache): whether an answer is the same for every caller cannot be told from the root
 * fields alone — the day a `Shop` field shows an owner something it shows no one else, a
 * stored owner's answer would be served to everyone.
 */
export function customerReadPlugin({ cache, direct, peers }: CustomerReadPluginOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      // Before anything is read: a change announced after this point makes the answer suspect.
      const ticket = cache?.ticket();
      let cacheable: { read: BodyOperation; shopIds: readonly string[]; query: string | undefined; fresh: boolean } | undefined;
      let bypassed = false;
      return {
        async didResolveOperation({ operation, document, request, queryHash, contextValue }) {
          if (!cache) return;
          const shopIds = operation && shopIdsOfCacheableOperation(operation, request.variables);
          if (!shopIds) return;
          if (request.http?.headers.has('authorization') || contextValue.ownerId) {
            bypassed = true;
            return;
          }
          cache.learn(queryHash, request.operationName, operation.variableDefinitions?.map((definition) => definition.variable.name.value) ?? [], shopPiecesOf(operation, document));
          cacheable = {
            read: { queryHash, operationName: request.operationName ?? undefined, variables: request.variables },
            shopIds,
            query: request.query,
            fresh: request.http?.headers.get('cache-control')?.includes('no-cache') ?? false,
          };
        },
        async responseForOperation({ operation, document, request, queryHash, contextValue }) {
          // Apollo Server sets queryHash (sha256 of the query, as the front computes it) before any hook runs.
          if (!direct || !operation || !request.query || !queryHash || !shopIdsOfCacheableOperation(operation, request.variables)) return null;
          direct.learn(queryHash, request.operationName, operation, document);
          const answer = await direct.forward(
            { query: request.query, operationName: request.operationName, variables: request.variables },
            'requestId' in contextValue ? contextValue.requestId : undefined,
          );
          noteValidUntil(contextValue, answer?.validUntil);
          return answer && { http: { status: 200, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: answer.data } } };
        },
        async willSendResponse({ response, contextValue }) {
          if (!cache) return;
          if (bypassed) {
            cache.bypassed();
            response.http.headers.set(CACHE_HEADER, 'bypass');
            return;
          }
          if (!cacheable) return;
          response.http.headers.set(CACHE_HEADER, 'miss');
          const { body } = response;
          // Errors (a subgraph down, a bad id) and debugging extensions (query plans) are never kept.
          const clean = body.kind === 'single' && !body.singleResult.errors?.length && !body.singleResult.extensions && (response.http.status ?? 200) === 200;
          fillCache(
            cache,
            cacheable.read,
            cacheable.shopIds,
            ticket!,
            clean && body.singleResult.data ? { text: JSON.stringify(body.singleResult), data: body.singleResult.data, validUntil: contextValue.validUntil } : null,
            { peers, query: cacheable.query, fresh: cacheable.fresh },
          );
        },
      };
    },
  };
}
