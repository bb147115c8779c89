import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, visit, type DocumentNode } from 'graphql';
import { requestError } from '@shopgraph/graphql-conventions/errors';

const NUL = '\u0000';

/**
 * Documents already looked at: Apollo Server hands every request of a known text the same
 * parsed DocumentNode (its document store), and walking it again cost ~0.17 ms a request on
 * the slow box (2 % of the shop subgraph's CPU in a profile at 80 updates/s).
 */
const looked = new WeakMap<DocumentNode, boolean>();

function documentHasNul(document: DocumentNode): boolean {
  let found = looked.get(document);
  if (found === undefined) looked.set(document, (found = walkForNul(document)));
  return found;
}

function walkForNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes(NUL)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Whether any string in a value (variables, say) holds the NUL character. */
export function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  return Object.values(value).some((item) => hasNul(item, depth + 1));
}

/**
 * Refuses, before anything executes, what no resolver of this platform can serve, in one
 * place for the gateway and every subgraph:
 *
 * - a document with no operation to run (an unknown or missing operationName);
 * - subscriptions: the schema has none, and graphql-js leaves a subscription on a schema
 *   without a Subscription type to execution, where it fails as an internal error;
 * - the NUL character in any string, literal or variable: PostgreSQL cannot store it in
 *   text, so it would otherwise reach a query and fail there as an internal error.
 */
export function requestGuardPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          // graphql-js reports this only at execution, which the gateway's executor turns into a 500.
          if (!operation) {
            throw requestError(
              'OPERATION_RESOLUTION_FAILURE',
              request.operationName ? `The document has no operation named "${request.operationName}".` : 'The document has several operations: name the one to run in operationName.',
            );
          }
          if (operation.operation === 'subscription') {
            throw requestError('BAD_REQUEST', 'Subscriptions are not supported: send a query or a mutation.');
          }
          if (documentHasNul(document) || hasNul(request.variables)) {
            throw requestError('BAD_USER_INPUT', 'Text must not contain the NUL character (U+0000).');
          }
        },
      };
    },
  };
}
