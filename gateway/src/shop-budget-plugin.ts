import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, FieldNode, GraphQLError, OperationDefinitionNode } from 'graphql';
import { requestError } from '@shopgraph/graphql-conventions/errors';
import type { GatewayContext } from './gateway-context.js';
import { argumentOf, rootFields, type Variables } from './operation-arguments.js';

/** `searchShops(first:)` and `sponsoredShops(first:)` when it is not given (the contract's defaults). */
const DEFAULT_FIRST = { searchShops: 20, sponsoredShops: 3 } as const;

/** How many shops one root field can show, with the arguments the request gives. */
function shopsOf(field: FieldNode, variables: Variables): number {
  switch (field.name.value) {
    case 'shop':
      return 1;
    case 'shops': {
      const ids = argumentOf(field, 'ids', variables);
      return Array.isArray(ids) ? ids.length : 1;
    }
    case 'searchShops':
    case 'sponsoredShops': {
      const first = argumentOf(field, 'first', variables);
      if (first === undefined || first === null) return DEFAULT_FIRST[field.name.value];
      // At least one: a search costs its query whatever it shows (`first: 0` still counts its matches).
      return Math.max(Number(first) || 0, 1);
    }
    default:
      return 0;
  }
}

/** How many shops an operation can show at most, all its root fields and aliases together. */
export function shopsAskedFor(operation: OperationDefinitionNode, document: DocumentNode, variables: Variables): number {
  return rootFields(operation, document).reduce((total, field) => total + shopsOf(field, variables), 0);
}

/**
 * The refusal of an operation that asks for more than `max` shops in all; undefined within
 * the budget. The depth, alias and cost limits count fields in the text, so 15 aliases of
 * `shops(ids: $ids)` with 100 ids in a variable, or of `searchShops(first: 50)`, pass them
 * while asking for 1,500 shop documents (a large one is ~640 KB). Counted once variables
 * are known, before anything is fetched, by every path a request can take: Apollo Server's
 * (`shopBudgetPlugin`) and the direct read path, which forwards a learned operation with
 * new variables without Apollo Server seeing it.
 */
export function shopBudgetRefusal(operation: OperationDefinitionNode, document: DocumentNode, variables: Variables, max: number): GraphQLError | undefined {
  const asked = shopsAskedFor(operation, document, variables);
  return asked > max ? requestError('BAD_USER_INPUT', `This request asks for ${asked} shops; at most ${max} per request (all fields and aliases together).`) : undefined;
}

/** Applies `shopBudgetRefusal` inside Apollo Server. */
export function shopBudgetPlugin(max: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) return;
          const refusal = shopBudgetRefusal(operation, document, request.variables, max);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
