import { LRUCache } from 'lru-cache';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  print,
  specifiedRules,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  visit,
} from 'graphql';

/** The one field clients may subscribe to. */
export const LIVE_FIELD = 'shopPublished';
/** The alias under which the display read also fetches `sourceVersion` (never shown to a client). */
export const VERSION_ALIAS = 'shopgraphLiveSourceVersion';

/** A subscription turned into the display subgraph read that answers it. */
export interface LiveRead {
  shopId: string;
  /** The response key the client expects (`shopPublished`, or its alias). */
  responseKey: string;
  /** `query { <responseKey>: shop(id: …) { <the subscription's selection> sourceVersion } }` with its fragments. */
  query: string;
  variables: Record<string, unknown>;
  /** Streams with the same key share one read per change: shop, selection and variables. */
  key: string;
}

export interface LiveOperationLimits {
  maxTokens: number;
  /** The gateway's own depth, alias and cost rules (graphql-armor), as /graphql applies them. */
  rules: readonly ValidationRule[];
}

const refusal = (code: string, message: string) => ({ errors: [new GraphQLError(message, { extensions: { code } })] });

/** Every fragment a selection set reaches, transitively: the read carries no unused one (the display would refuse it). */
function fragmentsUsed(selectionSet: SelectionSetNode, document: DocumentNode): FragmentDefinitionNode[] {
  const definitions = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = definitions.get(name);
        if (!fragment || used.has(name)) return;
        used.set(name, fragment);
        walk(fragment);
      },
    });
  walk(selectionSet);
  return [...used.values()];
}

const hasNul = (text: string) => text.includes('\u0000');

/** A subscription document checked once: what every request with the same text shares. */
interface Checked {
  operation: OperationDefinitionNode;
  root: FieldNode;
  responseKey: string;
  /** The display read's text (it does not depend on the variables). */
  query: string;
}

/**
 * `prepareLiveOperation` with the checked documents kept (an LRU of 1,000, as Apollo Server
 * keeps parsed and validated documents): after a restart every client reconnects at once, and
 * parsing and validating each of thousands of identical subscriptions again held the worker.
 */
export function createLiveOperations(schema: GraphQLSchema, limits: LiveOperationLimits) {
  const checked = new LRUCache<string, Checked | { errors: GraphQLError[] }>({ max: 1000 });
  return (params: Parameters<typeof prepareLiveOperation>[2]) => {
    const key = `${params.operationName ?? ''}\n${params.query}`;
    let found = checked.get(key);
    if (!found) checked.set(key, (found = checkLiveOperation(schema, limits, params)));
    return 'errors' in found ? found : readOf(schema, found, params.variables);
  };
}

/**
 * Checks a request for `/graphql/stream` as `/graphql` checks any request (the token limit,
 * graphql-js's rules and the gateway's depth, alias and cost limits, against the public API
 * schema), and only `subscription { shopPublished(id) { … } }` passes. The answer is either
 * the display subgraph read that serves it, or coded errors (never thrown).
 */
export function prepareLiveOperation(
  schema: GraphQLSchema,
  limits: LiveOperationLimits,
  params: { query: string; operationName?: string | null | undefined; variables?: Record<string, unknown> | null | undefined },
): LiveRead | { errors: GraphQLError[] } {
  const found = checkLiveOperation(schema, limits, params);
  return 'errors' in found ? found : readOf(schema, found, params.variables);
}

/** What does not depend on the variables: parse, validate, the one root field. */
function checkLiveOperation(schema: GraphQLSchema, limits: LiveOperationLimits, params: { query: string; operationName?: string | null | undefined }): Checked | { errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(params.query, { maxTokens: limits.maxTokens });
  } catch (error) {
    return refusal('GRAPHQL_PARSE_FAILED', (error as Error).message);
  }
  const errors = validate(schema, document, [...specifiedRules, ...limits.rules]);
  if (errors.length > 0) {
    return { errors: errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } })) };
  }
  const operation = getOperationAST(document, params.operationName ?? undefined);
  if (!operation) {
    return refusal('OPERATION_RESOLUTION_FAILURE', params.operationName ? `The document has no operation named "${params.operationName}".` : 'The document has several operations: name the one to run in operationName.');
  }
  if (operation.operation !== 'subscription') {
    return refusal('BAD_REQUEST', `Only subscriptions are served here (subscription { ${LIVE_FIELD}(id: …) { … } }); send queries and mutations to /graphql.`);
  }
  // graphql-js has already allowed one root field only; it must be shopPublished itself, not behind a fragment or a directive.
  const [root] = operation.selectionSet.selections;
  if (root?.kind !== Kind.FIELD || root.name.value !== LIVE_FIELD || (root.directives?.length ?? 0) > 0) {
    return refusal('BAD_REQUEST', `Select ${LIVE_FIELD} directly at the root of the subscription, with no fragment or directive around it.`);
  }
  const responseKey = root.alias?.value ?? LIVE_FIELD;
  return { operation, root, responseKey, query: displayRead(operation, root, responseKey, fragmentsUsed(operation.selectionSet, document)) };
}

/** The display read for these variables. */
function readOf(schema: GraphQLSchema, { operation, root, responseKey, query }: Checked, inputs: Record<string, unknown> | null | undefined): LiveRead | { errors: GraphQLError[] } {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs ?? {}, { maxErrors: 10 });
  if (coerced.errors) return { errors: coerced.errors.map((error) => new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } })) };
  const variables = coerced.coerced;
  const idArgument = root.arguments?.find((argument) => argument.name.value === 'id')?.value;
  const id = idArgument?.kind === Kind.VARIABLE ? variables[idArgument.name.value] : idArgument?.kind === Kind.STRING || idArgument?.kind === Kind.INT ? idArgument.value : undefined;
  if (typeof id !== 'string' || hasNul(id)) return refusal('BAD_USER_INPUT', 'id must be a shop id, without the NUL character (U+0000).');
  if (JSON.stringify(variables).includes('\\u0000')) return refusal('BAD_USER_INPUT', 'Text must not contain the NUL character (U+0000).');
  // The same subscription text with the same variables (from any client) shares one read.
  return { shopId: id, responseKey, query, variables, key: `${id}\n${query}\n${JSON.stringify(variables)}` };
}

/** `query ShopPublished(<the same variables>) { <responseKey>: shop(id: …) { <the selection> <version alias>: sourceVersion } }` and its fragments. */
function displayRead(operation: OperationDefinitionNode, root: FieldNode, responseKey: string, fragments: FragmentDefinitionNode[]): string {
  const versioned: FieldNode = {
    ...root,
    alias: { kind: Kind.NAME, value: responseKey },
    name: { kind: Kind.NAME, value: 'shop' },
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [...(root.selectionSet?.selections ?? []), { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: VERSION_ALIAS }, name: { kind: Kind.NAME, value: 'sourceVersion' } }],
    },
  };
  const read: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: { kind: Kind.NAME, value: 'ShopPublished' },
    variableDefinitions: operation.variableDefinitions ?? [],
    directives: [],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [versioned] },
  };
  return print({ kind: Kind.DOCUMENT, definitions: [read, ...fragments] });
}
