import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../gateway-context.js';
import { CACHE_HEADER } from './cache-key.js';
import { shopIdsOfCacheableOperation } from './cacheable-operation.js';
import type { ResponseCache } from './response-cache.js';

/**
 * Fills the response cache: after a customer shop read executes without errors, its
 * serialized answer is stored under the request's key, tagged with the shops it shows.
 * Hits are served before Apollo Server by `cacheFront`.
 *
 * A request with credentials is never stored (and `cacheFront` never answers one from the
 * cache): whether an answer is the same for every caller cannot be told from the root
 * fields alone — the day a `Shop` field shows an owner something it shows no one else, a
 * stored owner's answer would be served to everyone.
 */
export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      // Before anything is read: a change announced after this point makes the answer suspect.
      const ticket = cache.ticket();
      let cacheable: { key: string | undefined; shopIds: readonly string[] } | undefined;
      let bypassed = false;
      return {
        async didResolveOperation({ operation, request, queryHash, contextValue }) {
          const shopIds = operation && shopIdsOfCacheableOperation(operation, request.variables);
          if (!shopIds) return;
          if (request.http?.headers.has('authorization') || contextValue.ownerId) {
            bypassed = true;
            return;
          }
          cache.learn(queryHash, request.operationName, operation.variableDefinitions?.map((definition) => definition.variable.name.value) ?? []);
          cacheable = { key: cache.keyOf(queryHash, request.operationName, request.variables), shopIds };
        },
        async willSendResponse({ response, contextValue }) {
          if (bypassed) {
            cache.bypassed();
            response.http.headers.set(CACHE_HEADER, 'bypass');
            return;
          }
          if (!cacheable) return;
          cache.missed();
          response.http.headers.set(CACHE_HEADER, 'miss');
          if (response.body.kind !== 'single' || !cacheable.key) return;
          const { singleResult } = response.body;
          // Errors (a subgraph down, a bad id) and debugging extensions (query plans) are never kept.
          if (singleResult.errors?.length || singleResult.extensions || (response.http.status ?? 200) !== 200) return;
          cache.set(cacheable.key, JSON.stringify(singleResult), cacheable.shopIds, ticket, contextValue.validUntil);
        },
      };
    },
  };
}
