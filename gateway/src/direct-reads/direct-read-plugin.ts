import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../gateway-context.js';
import { shopIdsOfCacheableOperation } from '../response-cache/cacheable-operation.js';
import type { DirectReads } from './direct-reads.js';
import { noteValidUntil } from '@shopgraph/kit/valid-until';

/**
 * Inside Apollo Server: learns every validated shop read (so `cacheFront` can forward the
 * next ones before Apollo Server) and answers this one from the display subgraph directly.
 * Returning null leaves the operation to the federated executor.
 */
export function directReadPlugin(direct: DirectReads): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, document, request, queryHash, contextValue }) {
          // Apollo Server sets queryHash (sha256 of the query, as the front computes it) before any hook runs.
          if (!operation || !request.query || !queryHash || !shopIdsOfCacheableOperation(operation, request.variables)) return null;
          direct.learn(queryHash, request.operationName, operation, document);
          const answer = await direct.forward(
            { query: request.query, operationName: request.operationName, variables: request.variables },
            'requestId' in contextValue ? contextValue.requestId : undefined,
          );
          noteValidUntil(contextValue, answer?.validUntil);
          return answer && { http: { status: 200, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: answer.data } } };
        },
      };
    },
  };
}
