import { Kind, type OperationDefinitionNode } from 'graphql';

/**
 * The slates this subgraph answers from compiled code once Apollo Server has validated them
 * (see `createCompiledOperations`): the gateway's first fetch of every `sponsoredShops`
 * query plan, the same few texts again and again. A slate that fails (a bad area, the store
 * down) fails before it counts anything, so Apollo Server may execute it again.
 */
export function isSlateRead(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && selection.name.value === 'sponsoredShops');
}
