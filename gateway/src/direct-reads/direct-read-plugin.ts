import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../gateway-context.js';
import { shopIdsOfCacheableOperation } from '../response-cache/cacheable-operation.js';
import { sha256Hex } from '../response-cache/cache-key.js';
import type { DirectReads } from './direct-reads.js';

/**
 * Inside Apollo Server: learns every validated shop read (so `cacheFront` can forward the
 * next ones before Apollo Server) and answers this one from the display subgraph directly.
 * Returning null leaves the operation to the federated executor.
 */
export function directReadPlugin(direct: DirectReads): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, request, contextValue }) {
          if (!operation || !request.query || !shopIdsOfCacheableOperation(operation, request.variables)) return null;
          // The hash the front computes from a request body (Apollo's own is not always set here).
          direct.learn(sha256Hex(request.query), request.operationName, operation);
          const answer = await direct.forward(
            { query: request.query, operationName: request.operationName, variables: request.variables },
            'requestId' in contextValue ? contextValue.requestId : undefined,
          );
          return answer && { http: { status: 200, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: answer.data } } };
        },
      };
    },
  };
}
