import type { ApolloServerPlugin } from '@apollo/server';
import { VALID_UNTIL_HEADER } from '@shopgraph/graphql-conventions/valid-until';
import type { DisplayContext } from './context.js';

/** Announces how long the answer stays true by the clock (see the `promotions` resolver). */
export function validUntilPlugin(): ApolloServerPlugin<DisplayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (contextValue.validUntil !== undefined) response.http.headers.set(VALID_UNTIL_HEADER, new Date(contextValue.validUntil).toISOString());
        },
      };
    },
  };
}
