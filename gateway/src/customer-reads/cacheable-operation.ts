import { Kind, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { argumentOf, type Variables } from '../operation-arguments.js';


const idOf = (value: unknown): string | undefined =>
  typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? String(value) : undefined;

/**
 * Root fields whose answers come from the read model alone, are the same for every
 * caller, and name the shops they show in their arguments. Undefined: the arguments are not
 * plain ids (execution will report it; nothing is cached).
 */
const SHOP_READS: Record<string, (field: FieldNode, variables: Variables) => string[] | undefined> = {
  shop: (field, variables) => {
    const id = idOf(argumentOf(field, 'id', variables));
    return id === undefined ? undefined : [id];
  },
  shops: (field, variables) => {
    const ids = argumentOf(field, 'ids', variables);
    if (!Array.isArray(ids)) return undefined;
    const strings = ids.map(idOf);
    return strings.every((id) => id !== undefined) ? (strings as string[]) : undefined;
  },
};

/** The shop ids one root field shows, if it is a customer shop read with plain ids. */
export function shopIdsOfField(field: FieldNode, variables: Variables): string[] | undefined {
  const name = field.name.value;
  const read = Object.hasOwn(SHOP_READS, name) ? SHOP_READS[name] : undefined;
  return read?.(field, variables);
}

/**
 * The shop ids an operation shows if it may be cached: a query whose root fields are all
 * customer shop reads (`shop`, `shops`, `__typename`), without fragments at the root.
 * Undefined when it may not (mutations, searches, `me`, anything else).
 */
export function shopIdsOfCacheableOperation(operation: OperationDefinitionNode, variables: Variables): readonly string[] | undefined {
  if (operation.operation !== 'query') return undefined;
  const ids: string[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return undefined;
    if (selection.name.value === '__typename') continue;
    const shopIds = shopIdsOfField(selection, variables);
    if (!shopIds) return undefined;
    ids.push(...shopIds);
  }
  return ids.length > 0 ? ids : undefined;
}
