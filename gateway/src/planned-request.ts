import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';

/** The parts of @apollo/query-planner's fetch node read by the gateway's fast paths. */
export interface PlanFetch {
  kind: 'Fetch';
  serviceName: string;
  operation: string;
  operationName: string | undefined;
  variableUsages?: string[];
  requires?: unknown[];
  inputRewrites?: unknown[];
  outputRewrites?: unknown[];
  contextRewrites?: unknown[];
}

export type PlanNode = { kind: string; nodes?: PlanNode[]; path?: (string | number)[]; node?: PlanNode } | PlanFetch;

/** A fetch whose answer the executor uses as it comes: nothing required first, nothing renamed. */
export const isPlainFetch = (node: PlanNode | undefined): node is PlanFetch =>
  node?.kind === 'Fetch' &&
  !(node as PlanFetch).requires?.length &&
  !(node as PlanFetch).inputRewrites?.length &&
  !(node as PlanFetch).outputRewrites?.length &&
  !(node as PlanFetch).contextRewrites?.length;

/** What the gateway's executor knew of a request when it planned it (`experimental_didResolveQueryPlan`). */
export interface PlannedRequest {
  queryPlan: { node?: unknown };
  requestContext: {
    queryHash?: string;
    operation?: OperationDefinitionNode;
    document?: DocumentNode;
    request: { operationName?: string | null; http?: { headers: { has(name: string): boolean } } };
    context?: unknown;
  };
  /** The API schema the executor checks the request's variables against. */
  operationContext?: { schema?: GraphQLSchema };
}

/** The variables a fetch is sent: those of `names` the request gives, as the executor picks them. */
export const variablesOfFetch = (variables: Record<string, unknown> | undefined, names: readonly string[]) =>
  Object.fromEntries(names.filter((name) => variables && Object.hasOwn(variables, name)).map((name) => [name, variables![name]]));
