import { Kind, print, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ANONYMOUS, IDENTITY_HEADER, type IdentitySigner } from '@shopgraph/identity/identity';
import { counter } from '@shopgraph/telemetry/metrics';
import { REQUEST_ID_HEADER } from '@shopgraph/telemetry/request-id';
import { shopBudgetRefusal } from '../shop-budget-plugin.js';
import type { SubgraphFetch, SubgraphResponse } from '@shopgraph/service-shell/subgraph-fetch';
import { operationKey } from './cache-key.js';
import type { SubgraphReplay } from './subgraph-replay.js';
import { isPlainFetch, variablesOfFetch, type PlanFetch, type PlanNode, type PlannedRequest } from '../planned-request.js';

export interface SponsoredSlatesOptions {
  /** The subgraph names the supergraph gives the two fetches of a slate's plan. */
  adsServing: { name: string; url: string; sign: IdentitySigner };
  display: { name: string; url: string; sign: IdentitySigner };
  /** The gateway's bounded fetch (the federated executor uses the same). */
  fetch: SubgraphFetch;
  /** Shops one request may ask for (GATEWAY_MAX_SHOPS): `sponsoredShops(first)` counts toward it. */
  maxShops: number;
  /** Root fields the gateway throttles: an operation selecting one is never answered here. */
  throttled: ReadonlySet<string>;
}

interface KnownSlate {
  operation: OperationDefinitionNode;
  document: DocumentNode;
  /** The plan's fetch from the ads serving subgraph, sent as the planner sends it. */
  ads: { query: string; operationName: string | undefined; variables: readonly string[] };
  /** The Shop of each slot, as the client selects it, in one entity lookup. */
  display: { query: string; variables: readonly string[] };
  /** The root field's response key, and each slot field's (the shop's apart). */
  rootKey: string;
  slotKeys: readonly string[];
  shopKey: string;
}

const SLOT_FIELDS = new Set(['position', 'trackingToken', 'shop', '__typename']);
const hasDirectives = (node: { directives?: readonly unknown[] }) => (node.directives?.length ?? 0) > 0;
const keyOf = (field: FieldNode) => field.alias?.value ?? field.name.value;

/** Variables and fragments a selection uses, through the fragments it spreads. */
function usesOf(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>) {
  const variables = new Set<string>();
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const { kind, name } = node as { kind?: string; name?: { value: string } };
    if (kind === Kind.VARIABLE && name) variables.add(name.value);
    if (kind === Kind.FRAGMENT_SPREAD && name && !used.has(name.value)) {
      const fragment = fragments.get(name.value);
      if (fragment) {
        used.set(name.value, fragment);
        walk(fragment);
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && typeof value === 'object') walk(value);
  };
  walk(selectionSet);
  return { variables: [...variables], fragments: [...used.values()] };
}

/**
 * The plan of a slate, if it is the one a slate has: the slots from the ads serving
 * subgraph, then each slot's Shop from the display subgraph by its key, nothing renamed.
 */
function slatePlanOf(node: PlanNode | undefined, path: readonly string[], names: SponsoredSlatesOptions): { ads: PlanFetch } | undefined {
  if (node?.kind !== 'Sequence' || !('nodes' in node) || node.nodes?.length !== 2) return undefined;
  const [first, second] = node.nodes as [PlanNode, PlanNode];
  if (!isPlainFetch(first) || first.serviceName !== names.adsServing.name) return undefined;
  if (second.kind !== 'Flatten' || !('path' in second) || JSON.stringify(second.path) !== JSON.stringify(path)) return undefined;
  const lookup = (second as { node?: PlanNode }).node;
  // The entity lookup requires the key (`requires`): its plan is that fetch, as long as nothing is renamed.
  const fetch = lookup as PlanFetch | undefined;
  if (fetch?.kind !== 'Fetch' || fetch.serviceName !== names.display.name || fetch.inputRewrites?.length || fetch.outputRewrites?.length || fetch.contextRewrites?.length) return undefined;
  return { ads: first };
}

/**
 * `sponsoredShops` for customers without Apollo Server or the federated executor, once the
 * executor has planned the operation: the plan's two fetches, made here. A slate's plan is
 * always the same two fetches (the slots from the ads serving subgraph, then one entity
 * lookup of their Shops in the display subgraph, one MGET), and planning, executing and
 * shaping them through Apollo's pipeline was most of the gateway's cost of a slate.
 *
 * Learned (`learn`) from an executed request's plan, for anonymous callers only, when the
 * operation is one `sponsoredShops` field without directives, whose slot fields are
 * `position`, `trackingToken`, `__typename` and one `shop` (the shop's selection is anything
 * the display subgraph answers: it is sent to it as the client wrote it). Each request is
 * refused by the shop budget as Apollo Server would (`shopBudgetRefusal`), and an operation
 * selecting a throttled field is never learned.
 *
 * Only a clean answer is sent from here: every slot's shop found, no errors. Otherwise the
 * request goes through the federated executor, which answers, formats and counts it the one
 * way it does — with the ads serving subgraph's answer replayed (`SubgraphReplay`), so a
 * slate's impressions are counted once and its tokens are the ones issued.
 */
export function createSponsoredSlates(options: SponsoredSlatesOptions) {
  const known = new LRUCache<string, KnownSlate>({ max: 200 });
  const slates = counter({
    name: 'shopgraph_gateway_known_slates_total',
    help: 'Sponsored slates of a planned operation: answered by their two fetches (outcome=answered) or handed to the federated executor (outcome=handed_over)',
    labelNames: ['outcome'] as const,
  });

  function learn({ queryPlan, requestContext }: PlannedRequest): void {
    const { queryHash, operation, document, request, context } = requestContext;
    if (!queryHash || !operation || !document || operation.operation !== 'query' || hasDirectives(operation)) return;
    if ((context as { ownerId?: string } | undefined)?.ownerId || request.http?.headers.has('authorization')) return;
    const key = operationKey(queryHash, request.operationName);
    if (known.has(key)) return;
    const [root, ...others] = operation.selectionSet.selections;
    if (!root || others.length || root.kind !== Kind.FIELD || root.name.value !== 'sponsoredShops' || hasDirectives(root) || !root.selectionSet) return;
    if (options.throttled.has('sponsoredShops')) return;
    const slotFields = root.selectionSet.selections;
    if (!slotFields.every((s): s is FieldNode => s.kind === Kind.FIELD && SLOT_FIELDS.has(s.name.value) && !hasDirectives(s))) return;
    const shops = slotFields.filter((field) => field.name.value === 'shop');
    const shop = shops[0];
    if (shops.length !== 1 || !shop?.selectionSet) return;
    const plan = slatePlanOf(queryPlan.node as PlanNode | undefined, [keyOf(root), '@', keyOf(shop)], options);
    if (!plan) return;
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const uses = usesOf(shop.selectionSet, fragments);
    if (uses.variables.includes('representations')) return;
    const lookup: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: operation.operation,
          variableDefinitions: [
            {
              kind: Kind.VARIABLE_DEFINITION,
              variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: 'representations' } },
              type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.LIST_TYPE, type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: '_Any' } } } } },
            },
            ...(operation.variableDefinitions ?? []).filter((definition) => uses.variables.includes(definition.variable.name.value)),
          ],
          selectionSet: {
            kind: Kind.SELECTION_SET,
            selections: [
              {
                kind: Kind.FIELD,
                name: { kind: Kind.NAME, value: '_entities' },
                arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'representations' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: 'representations' } } }],
                selectionSet: {
                  kind: Kind.SELECTION_SET,
                  selections: [{ kind: Kind.INLINE_FRAGMENT, typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'Shop' } }, selectionSet: shop.selectionSet }],
                },
              },
            ],
          },
        },
        ...uses.fragments,
      ],
    };
    known.set(key, {
      operation,
      document,
      ads: { query: plan.ads.operation, operationName: plan.ads.operationName, variables: plan.ads.variableUsages ?? [] },
      display: { query: print(lookup), variables: uses.variables },
      rootKey: keyOf(root),
      slotKeys: slotFields.map(keyOf),
      shopKey: keyOf(shop),
    });
  }

  /** A subgraph's answer and its data if it is clean (data, no errors); null if the call failed. */
  async function post(to: { url: string; sign: IdentitySigner }, body: unknown, requestId: string | undefined): Promise<{ response: SubgraphResponse; data: Record<string, unknown> | null } | null> {
    try {
      const response = await options.fetch(to.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await to.sign(ANONYMOUS), ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}) },
        body: JSON.stringify(body),
      });
      if (!response.ok) return { response, data: null };
      const parsed = JSON.parse(await response.text()) as { data?: Record<string, unknown> | null; errors?: unknown[]; extensions?: unknown };
      return { response, data: parsed.errors?.length || !parsed.data || parsed.extensions ? null : parsed.data };
    } catch {
      return null;
    }
  }

  return {
    learn,
    /** The known slate this request asks for, if it may be answered here (the shop budget applied). */
    known(queryHash: string, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): KnownSlate | undefined {
      const found = known.get(operationKey(queryHash, operationName));
      return found && !shopBudgetRefusal(found.operation, found.document, variables, options.maxShops) ? found : undefined;
    },
    /** A known read's operation name as its document gives it (what Apollo Server reports). */
    operationName: (slate: KnownSlate) => slate.operation.name?.value,
    /**
     * The answer's text, or what the federated executor is to answer it with: nothing (the
     * ads serving subgraph did not answer cleanly: nothing was counted) or the slots to replay.
     */
    async answer(slate: KnownSlate, variables: Record<string, unknown> | undefined, requestId?: string): Promise<{ text: string } | { replay: SubgraphReplay | null }> {
      const answer = await answerOf(slate, variables, requestId);
      slates.inc({ outcome: 'text' in answer ? 'answered' : 'handed_over' });
      return answer;
    },
  };

  async function answerOf(slate: KnownSlate, variables: Record<string, unknown> | undefined, requestId?: string): Promise<{ text: string } | { replay: SubgraphReplay | null }> {
    const adsRequest = { query: slate.ads.query, ...(slate.ads.operationName ? { operationName: slate.ads.operationName } : {}), variables: variablesOfFetch(variables, slate.ads.variables) };
    const ads = await post(options.adsServing, adsRequest, requestId);
    const slots = ads?.data;
    if (!ads || !slots) return { replay: null };
    const replay: SubgraphReplay = { service: options.adsServing.name, query: slate.ads.query, variables: adsRequest.variables, outcome: { response: ads.response } };
    const list = slots[slate.rootKey];
    if (!Array.isArray(list)) return { replay };
    const references = list.map((slot) => (slot as Record<string, { id?: unknown } | null> | null)?.[slate.shopKey]);
    if (!references.every((reference) => typeof reference?.id === 'string')) return { replay };
    let shops: unknown[] = [];
    if (references.length > 0) {
      const representations = references.map((reference) => ({ __typename: 'Shop', id: reference!.id }));
      const found = await post(options.display, { query: slate.display.query, variables: { representations, ...variablesOfFetch(variables, slate.display.variables) } }, requestId);
      const entities = found?.data?._entities;
      // A shop the read model does not have is the federated executor's to answer (null, and how it says so).
      if (!Array.isArray(entities) || entities.length !== references.length || entities.some((entity) => entity === null || typeof entity !== 'object')) return { replay };
      shops = entities;
    }
    const answer = list.map((slot, index) => {
      const values = slot as Record<string, unknown>;
      return Object.fromEntries(slate.slotKeys.map((key) => [key, key === slate.shopKey ? shops[index] : values[key]]));
    });
    if (answer.some((slot) => slate.slotKeys.some((key) => slot[key] === undefined))) return { replay };
    return { text: JSON.stringify({ data: { [slate.rootKey]: answer } }) };
  }
}

export type SponsoredSlates = ReturnType<typeof createSponsoredSlates>;
