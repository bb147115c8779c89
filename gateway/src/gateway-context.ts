import type { Logger } from '@shopgraph/telemetry/logger';
import type { SubgraphReplay } from './customer-reads/subgraph-replay.js';

/** What the gateway knows of a request after it verified the bearer token. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** Set only for a valid bearer token. */
  ownerId?: string;
  /** The client's address, for throttles. */
  clientAddress: string;
  /** When the answer stops being true by the clock alone (ms since epoch); see valid-until.ts. */
  validUntil?: number;
  /**
   * Set when a subgraph refused part of this request at capacity (its HTTP 503): the
   * Retry-After it asked for, in seconds (see `retryAfterPlugin`).
   */
  subgraphRefusal?: { retryAfterSeconds: number };
  /** An answer the customer read path already has for one of this request's subgraph fetches. */
  replay?: SubgraphReplay;
}
