import { getArgumentValues, Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/**
 * Root fields whose answers come from the read model alone, are the same for every
 * caller, and name the shops they show in their arguments.
 */
const SHOP_READS: Record<string, (args: Record<string, unknown>) => readonly string[]> = {
  shop: (args) => [String(args.id)],
  shops: (args) => (args.ids as unknown[]).map(String),
};

/**
 * The shop ids an operation shows if it may be cached: a query whose root fields are all
 * customer shop reads (`shop`, `shops`, `__typename`), without fragments at the root.
 * Undefined when it may not (mutations, searches, `me`, anything else).
 */
export function shopIdsOfCacheableOperation(
  operation: OperationDefinitionNode,
  schema: GraphQLSchema,
  variables: Record<string, unknown> | undefined,
): readonly string[] | undefined {
  if (operation.operation !== 'query') return undefined;
  const queryType = schema.getQueryType();
  if (!queryType) return undefined;
  const ids: string[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return undefined;
    const name = selection.name.value;
    if (name === '__typename') continue;
    const shopIds = SHOP_READS[name];
    const field = queryType.getFields()[name];
    if (!shopIds || !field) return undefined;
    try {
      ids.push(...shopIds(getArgumentValues(field, selection, variables)));
    } catch {
      return undefined; // bad arguments: execution reports them, nothing is cached
    }
  }
  return ids.length > 0 ? ids : undefined;
}
