import { Kind, type OperationDefinitionNode } from 'graphql';

const COMPILED_ROOT_FIELDS = new Set(['shop', 'shops', '_entities']);

/**
 * The reads this subgraph answers from compiled code once Apollo Server has validated them
 * (see `createCompiledOperations`): customer shop reads (`shop`, `shops`, which the gateway
 * forwards as they are) and entity lookups (`_entities`: the Shop of each slot of a sponsored
 * slate, the gateway's second fetch of that plan).
 */
export function isCompiledRead(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && COMPILED_ROOT_FIELDS.has(selection.name.value));
}
