import { createRequire } from 'node:module';
import { Kind, parse, print, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { IDENTITY_HEADER, type IdentitySigner } from '@shopgraph/identity/identity';
import { hasNul } from '@shopgraph/service-shell/request-guard-plugin';
import type { SubgraphFetch } from '@shopgraph/service-shell/subgraph-fetch';
import { counter } from '@shopgraph/telemetry/metrics';
import { REQUEST_ID_HEADER } from '@shopgraph/telemetry/request-id';
import { operationKey } from '../customer-reads/cache-key.js';
import type { SubgraphReplay } from '../customer-reads/subgraph-replay.js';
import { isPlainFetch, variablesOfFetch, type PlanNode, type PlannedRequest } from '../planned-request.js';
import { shopBudgetRefusal } from '../shop-budget-plugin.js';

// The executor's own graphql-js: the schema's types are its, and graphql-js refuses types of
// another copy (under vitest, this file's `import 'graphql'` loads the ES module build, the
// gateway's require the CommonJS one; in production both are the CommonJS build).
const { getVariableValues } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export interface DirectWritesOptions {
  /** The subgraphs an owner's mutation may be sent to directly, by their name in the supergraph. */
  subgraphs: Record<string, { url: string; sign: IdentitySigner }>;
  /** The gateway's bounded fetch (the federated executor uses the same). */
  fetch: SubgraphFetch;
  /** Shops one request may ask for (GATEWAY_MAX_SHOPS), as Apollo Server's shop budget counts them. */
  maxShops: number;
  /** Root fields the gateway throttles: an operation selecting one is never sent from here. */
  throttled: ReadonlySet<string>;
}

export interface KnownWrite {
  operation: OperationDefinitionNode;
  document: DocumentNode;
  schema: GraphQLSchema;
  /** The plan's one fetch, sent as the executor sends it. */
  service: string;
  query: string;
  operationName: string | undefined;
  variables: readonly string[];
}

/** Fields only, all the way down: no fragments (whose type conditions the planner may rewrite) and no directives. */
function onlyFields(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && !selection.directives?.length && (!selection.selectionSet || onlyFields(selection.selectionSet)));
}

/** The plan's fetch if the plan is one fetch (a mutation's plan is a sequence, here of one). */
function singleFetch(node: PlanNode | undefined) {
  const only = node?.kind === 'Sequence' && 'nodes' in node && node.nodes?.length === 1 ? node.nodes[0] : node;
  return isPlainFetch(only) ? only : undefined;
}

/**
 * An owner's mutation sent straight to the one subgraph that serves it, as the federated
 * executor would send it, once the executor has planned it: Express, Apollo Server's
 * pipeline, planning and result shaping were most of the gateway's cost of an update
 * (a profile at 80 updates/s: the gateway's CPU about that of the shop subgraph).
 *
 * Learned (`learn`) from a request an owner made and the gateway validated, with its limits
 * and plugins, when its plan is one fetch that nothing is required for or renamed in, and
 * the fetch selects exactly what the client selected (fields only, no fragments, no
 * directives): the subgraph's answer is then the gateway's, byte for byte. An operation
 * selecting a throttled root field is never learned.
 *
 * Each request is checked as the gateway checks it before anything runs (`variablesFor`):
 * its variables against the API schema (the executor's own check), the NUL guard, the shop
 * budget; the bearer token is the front's to verify, and the owner's identity is signed for
 * the subgraph as the executor signs it. Anything else goes the federated way.
 *
 * Only a clean answer (data, no errors) is sent from here. Any other outcome — errors, a
 * refusal, a timeout — is handed to the federated executor with the call replayed
 * (`SubgraphReplay`), never made again, so the mutation runs once and the client gets the
 * answer, codes and status the federated path gives.
 */
export function createDirectWrites(options: DirectWritesOptions) {
  const known = new LRUCache<string, KnownWrite>({ max: 500 });
  const writes = counter({
    name: 'shopgraph_gateway_direct_writes_total',
    help: 'Owner mutations sent straight to their subgraph once planned: answered from there (outcome=answered) or handed to the federated executor with the call replayed (outcome=handed_over)',
    labelNames: ['outcome'] as const,
  });

  function learn({ queryPlan, requestContext, operationContext }: PlannedRequest): void {
    const { queryHash, operation, document, request, context } = requestContext;
    const schema = operationContext?.schema;
    if (!queryHash || !operation || !document || !schema || operation.operation !== 'mutation' || operation.directives?.length) return;
    if (!(context as { ownerId?: string } | undefined)?.ownerId) return;
    const key = operationKey(queryHash, request.operationName);
    if (known.has(key) || !onlyFields(operation.selectionSet)) return;
    if (operation.selectionSet.selections.some((selection) => selection.kind === Kind.FIELD && options.throttled.has(selection.name.value))) return;
    const fetch = singleFetch(queryPlan.node as PlanNode | undefined);
    if (!fetch || !Object.hasOwn(options.subgraphs, fetch.serviceName)) return;
    const sent = parse(fetch.operation).definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    if (!sent || print(sent.selectionSet) !== print(operation.selectionSet)) return;
    known.set(key, { operation, document, schema, service: fetch.serviceName, query: fetch.operation, operationName: fetch.operationName, variables: fetch.variableUsages ?? [] });
  }

  return {
    learn,
    /** The learned mutation this request names, if any. */
    known: (queryHash: string, operationName: string | null | undefined): KnownWrite | undefined => known.get(operationKey(queryHash, operationName)),
    /** The operation's name as its document gives it (what Apollo Server reports). */
    operationName: (write: KnownWrite) => write.operation.name?.value,
    /**
     * The variables the subgraph is sent, if the gateway would let this request run: undefined
     * when it would refuse it before anything runs (the federated path then answers the refusal).
     */
    variablesFor(write: KnownWrite, variables: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
      if (getVariableValues(write.schema, write.operation.variableDefinitions ?? [], variables ?? {}).errors?.length) return undefined;
      if (hasNul(variables) || shopBudgetRefusal(write.operation, write.document, variables, options.maxShops)) return undefined;
      return variablesOfFetch(variables, write.variables);
    },
    /** The answer's text when it is clean; otherwise the call, for the federated executor to replay. */
    async send(write: KnownWrite, variables: Record<string, unknown>, ownerId: string, requestId: string): Promise<{ text: string } | { replay: SubgraphReplay }> {
      const answer = await answerOf(write, variables, ownerId, requestId);
      writes.inc({ outcome: 'text' in answer ? 'answered' : 'handed_over' });
      return answer;
    },
  };

  async function answerOf(write: KnownWrite, variables: Record<string, unknown>, ownerId: string, requestId: string): Promise<{ text: string } | { replay: SubgraphReplay }> {
    const subgraph = options.subgraphs[write.service]!;
    const call = { service: write.service, query: write.query, variables };
    let outcome: SubgraphReplay['outcome'];
    try {
      outcome = {
        response: await options.fetch(subgraph.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await subgraph.sign({ kind: 'owner', ownerId }), [REQUEST_ID_HEADER]: requestId },
          body: JSON.stringify({ query: write.query, variables, ...(write.operationName ? { operationName: write.operationName } : {}) }),
        }),
      };
    } catch (error) {
      return { replay: { ...call, outcome: { error } } };
    }
    const { response } = outcome;
    if (!response.ok) return { replay: { ...call, outcome } };
    const text = await response.text();
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const keys = Object.keys(parsed);
      // `{"data":{…}}` and nothing else: errors, extensions or a null data are the executor's to answer.
      if (keys.length === 1 && keys[0] === 'data' && parsed.data !== null && typeof parsed.data === 'object') return { text };
    } catch {
      // Not JSON: the executor reports it as it would.
    }
    return { replay: { ...call, outcome } };
  }
}

export type DirectWrites = ReturnType<typeof createDirectWrites>;
