import { Kind, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';

type Variables = Record<string, unknown> | undefined;

/** An argument's value as the request gives it (a literal or a variable), for ID arguments. */
function valueOf(node: ValueNode, variables: Variables): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.STRING:
    case Kind.INT:
      return node.value;
    case Kind.LIST:
      return node.values.map((value) => valueOf(value, variables));
    default:
      return undefined;
  }
}

const idOf = (value: unknown): string | undefined =>
  typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? String(value) : undefined;

function argument(field: FieldNode, name: string, variables: Variables): unknown {
  const node = field.arguments?.find((arg) => arg.name.value === name)?.value;
  return node && valueOf(node, variables);
}

/**
 * Root fields whose answers come from the read model alone, are the same for every
 * caller, and name the shops they show in their arguments. Undefined: the arguments are not
 * plain ids (execution will report it; nothing is cached).
 */
const SHOP_READS: Record<string, (field: FieldNode, variables: Variables) => string[] | undefined> = {
  shop: (field, variables) => {
    const id = idOf(argument(field, 'id', variables));
    return id === undefined ? undefined : [id];
  },
  shops: (field, variables) => {
    const ids = argument(field, 'ids', variables);
    if (!Array.isArray(ids)) return undefined;
    const strings = ids.map(idOf);
    return strings.every((id) => id !== undefined) ? (strings as string[]) : undefined;
  },
};

/**
 * The shop ids an operation shows if it may be cached: a query whose root fields are all
 * customer shop reads (`shop`, `shops`, `__typename`), without fragments at the root.
 * Undefined when it may not (mutations, searches, `me`, anything else).
 *
 * Read from the syntax tree rather than with graphql-js's `getArgumentValues`, which needs
 * the schema's types from the same graphql module instance as its own.
 */
export function shopIdsOfCacheableOperation(operation: OperationDefinitionNode, variables: Variables): readonly string[] | undefined {
  if (operation.operation !== 'query') return undefined;
  const ids: string[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return undefined;
    const name = selection.name.value;
    if (name === '__typename') continue;
    const read = Object.hasOwn(SHOP_READS, name) ? SHOP_READS[name] : undefined;
    const shopIds = read?.(selection, variables);
    if (!shopIds) return undefined;
    ids.push(...shopIds);
  }
  return ids.length > 0 ? ids : undefined;
}
