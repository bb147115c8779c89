import { Kind, parse, type ConstDirectiveNode, type DocumentNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

function graphsOf(directives: readonly ConstDirectiveNode[] | undefined, name: 'join__type' | 'join__field') {
  return (directives ?? [])
    .filter((d) => d.name.value === name)
    .map((d) => {
      const arg = (key: string) => d.arguments?.find((a) => a.name.value === key)?.value;
      const graph = arg('graph');
      const flagged = (key: string) => {
        const value = arg(key);
        return value?.kind === Kind.BOOLEAN && value.value;
      };
      return {
        graph: graph?.kind === Kind.ENUM ? graph.value : undefined,
        external: flagged('external'),
        hasRequires: arg('requires') !== undefined,
        resolvable: arg('resolvable')?.kind === Kind.BOOLEAN ? flagged('resolvable') : true,
      };
    });
}

/**
 * Whether everything reachable from the given root query fields is resolved by one subgraph
 * alone, according to the supergraph's join directives: every field on the way is that
 * graph's (by `@join__field`, or by its type's `@join__type` when the field has none), with
 * no `@requires`, and no abstract types. When true, the query plan of any operation on those
 * fields is a single fetch to that subgraph, so the gateway may forward such an operation as
 * it is and return the subgraph's answer.
 */
export function servedByOneSubgraph(supergraphSdl: string | DocumentNode, graph: string, rootFields: readonly string[]): boolean {
  const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
  const objects = new Map<string, ObjectTypeDefinitionNode>();
  const leaves = new Set<string>(['ID', 'String', 'Int', 'Float', 'Boolean']);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) objects.set(definition.name.value, definition);
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.SCALAR_TYPE_DEFINITION) leaves.add(definition.name.value);
  }
  const query = objects.get('Query');
  if (!query) return false;
  const visited = new Set<string>();

  const fieldIsServed = (type: ObjectTypeDefinitionNode, fieldName: string): boolean => {
    const field = type.fields?.find((f) => f.name.value === fieldName);
    if (!field) return false;
    const fieldGraphs = graphsOf(field.directives, 'join__field');
    const served =
      fieldGraphs.length > 0
        ? fieldGraphs.some((j) => j.graph === graph && !j.external && !j.hasRequires)
        : graphsOf(type.directives, 'join__type').some((j) => j.graph === graph);
    if (!served) return false;
    const target = namedType(field.type);
    if (leaves.has(target)) return true;
    return typeIsServed(target);
  };

  const typeIsServed = (name: string): boolean => {
    if (visited.has(name)) return true;
    visited.add(name);
    const type = objects.get(name);
    if (!type) return false; // an interface, a union or an unknown type: let the planner decide
    if (!graphsOf(type.directives, 'join__type').some((j) => j.graph === graph && j.resolvable !== false)) return false;
    return (type.fields ?? []).every((field) => field.name.value === '__typename' || fieldIsServed(type, field.name.value));
  };

  return rootFields.every((name) => fieldIsServed(query, name));
}
