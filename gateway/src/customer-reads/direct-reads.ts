import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ANONYMOUS, IDENTITY_HEADER, type IdentitySigner } from '@shopgraph/identity/identity';
import { REQUEST_ID_HEADER } from '@shopgraph/telemetry/request-id';
import { shopIdsOfCacheableOperation } from './cacheable-operation.js';
import { shopBudgetRefusal } from '../shop-budget-plugin.js';
import type { SubgraphFetch } from '@shopgraph/service-shell/subgraph-fetch';
import { noteValidUntil, VALID_UNTIL_HEADER } from '@shopgraph/graphql-conventions/valid-until';

export interface DirectReadsOptions {
  /** The display subgraph's GraphQL URL. */
  url: string;
  /** The gateway's bounded fetch (the federated executor uses the same). */
  fetch: SubgraphFetch;
  /** Signs the anonymous identity the display subgraph requires. */
  sign: IdentitySigner;
  /** Shops one request may ask for (GATEWAY_MAX_SHOPS), as Apollo Server's shop budget counts them. */
  maxShops: number;
}

/** What the display subgraph answered, if it answered cleanly: data and no errors. */
export interface DirectAnswer {
  /** The response body as the display subgraph wrote it (`{"data":…}`). */
  text: string;
  data: Record<string, unknown>;
  /** When the answer stops being true by the clock alone (ms since epoch), if it does. */
  validUntil?: number;
}

const operationKey = (queryHash: string, operationName: string | null | undefined) => `${queryHash}\n${operationName ?? ''}`;

/**
 * Customer shop reads go straight to the display subgraph. Every field they can reach is
 * the display subgraph's alone (checked against the supergraph at start-up by
 * `servedByOneSubgraph`), so their query plan is one fetch of the same selection; skipping
 * planning, execution and result shaping is most of the gateway's cost of such a read.
 *
 * Operations are learned here once Apollo Server has parsed and validated them (with the
 * gateway's limits) and found them to be shop reads; later requests with the same document
 * hash and operation name can then be forwarded before Apollo Server sees them
 * (`cacheFront`). Only a clean answer is used: on any error or failure the request runs
 * through the federated executor as usual, which formats errors and reports outages the
 * one way the gateway does.
 */
export function createDirectReads({ url, fetch, sign, maxShops }: DirectReadsOptions) {
  const known = new LRUCache<string, { operation: OperationDefinitionNode; document: DocumentNode }>({ max: 1000 });
  return {
    learn(queryHash: string, operationName: string | null | undefined, operation: OperationDefinitionNode, document: DocumentNode): void {
      known.set(operationKey(queryHash, operationName), { operation, document });
    },
    /** A known read's operation name as its document gives it (what Apollo Server reports), whether or not the request named it. */
    operationName(queryHash: string, operationName: string | null | undefined): string | undefined {
      return known.get(operationKey(queryHash, operationName))?.operation.name?.value;
    },
    /**
     * The shop ids a known shop read shows with these variables; undefined if it is not one,
     * or if these variables ask for more shops than the budget: the operation was learned
     * with other variables, so the request goes to Apollo Server, which refuses it as it
     * refuses any other (same function, same error).
     */
    shopIds(queryHash: string, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): readonly string[] | undefined {
      const found = known.get(operationKey(queryHash, operationName));
      if (!found || shopBudgetRefusal(found.operation, found.document, variables, maxShops)) return undefined;
      return shopIdsOfCacheableOperation(found.operation, variables);
    },
    async forward(body: { query?: string; operationName?: string | null; variables?: unknown; extensions?: unknown }, requestId?: string): Promise<DirectAnswer | null> {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [IDENTITY_HEADER]: await sign(ANONYMOUS),
            ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
          },
          body: JSON.stringify(body),
        });
        if (!response.ok) return null;
        const text = await response.text();
        const parsed = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: unknown[]; extensions?: unknown };
        if (parsed.errors?.length || !parsed.data || parsed.extensions) return null;
        const validity: { validUntil?: number } = {};
        noteValidUntil(validity, response.headers.get(VALID_UNTIL_HEADER));
        return { text, data: parsed.data, ...validity };
      } catch {
        return null;
      }
    },
  };
}

export type DirectReads = ReturnType<typeof createDirectReads>;
