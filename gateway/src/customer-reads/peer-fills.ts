import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { isClusterMessage } from '../cluster-message.js';
import { sha256Hex, type BodyOperation } from './cache-key.js';
import type { ResponseCache, StoredAnswer } from './response-cache.js';
import { shopPiecesOf } from './shop-pieces.js';

export const PEER_FILL = 'shopgraph:cache-fill';

/** An answer one gateway worker stored, sent to the others (through the cluster primary). */
export interface PeerFill extends BodyOperation {
  kind: typeof PEER_FILL;
  /** The operation's text, for a worker that has not learned the operation yet. */
  query: string;
  shopIds: readonly string[];
  /** When the sharing worker took its ticket, before it read the answer (ms since epoch). */
  at: number;
  text: string;
  validUntil?: number;
}

export const isPeerFill = isClusterMessage<PeerFill>(PEER_FILL);

function operationIn(query: string, operationName: string | undefined): { operation: OperationDefinitionNode; document: DocumentNode } | undefined {
  try {
    const document = parse(query);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
    return operation && { operation, document };
  } catch {
    return undefined;
  }
}

/**
 * Each gateway worker has a cache of its own, so every shop was once a miss per worker, and
 * a worker that took few connections while the others warmed up missed on its own later
 * (the kernel spreads connections over workers unevenly). So a worker shares what it stores
 * with the others (`share`, sent through the cluster primary), and each stores a shared
 * answer as its own (`accept`), with the ticket it would have taken when the sharer took its
 * (`ResponseCache.ticketAt`): any change the answer may not show was announced after that
 * instant, so it reached this worker after it too (the answer is then refused) or will (and
 * evicts it). A worker that has not resolved the operation yet learns it from its text, which
 * the sharer's Apollo Server validated with the same schema and limits.
 */
export function createPeerFills(cache: ResponseCache, send: (fill: PeerFill) => void) {
  return {
    share(fill: Omit<PeerFill, 'kind'>): void {
      send({ kind: PEER_FILL, ...fill });
    },
    /** Stores another worker's answer here; returns whether it did. */
    accept(fill: PeerFill): boolean {
      if (!cache.knows(fill.queryHash, fill.operationName)) {
        const found = sha256Hex(fill.query) === fill.queryHash ? operationIn(fill.query, fill.operationName) : undefined;
        if (!found) return false;
        const { operation, document } = found;
        cache.learn(fill.queryHash, fill.operationName, operation.variableDefinitions?.map((d) => d.variable.name.value) ?? [], shopPiecesOf(operation, document));
      }
      let answer: StoredAnswer;
      try {
        answer = { text: fill.text, data: (JSON.parse(fill.text) as { data?: Record<string, unknown> }).data, validUntil: fill.validUntil };
      } catch {
        return false;
      }
      return cache.fill(fill.queryHash, fill.operationName, fill.variables, fill.shopIds, cache.ticketAt(fill.at), answer);
    },
  };
}

export type PeerFills = ReturnType<typeof createPeerFills>;
