import type { IncomingMessage, ServerResponse } from 'node:http';
import { printSchema as printApiSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema } from 'graphql';
import type { Logger } from '@shopgraph/telemetry/logger';
import type { ReadModelChanges } from '../invalidation-subscriber.js';
import { createLiveOperations, type LiveOperationLimits } from './live-operation.js';
import { createLiveShops, type ReadShop } from './live-shops.js';
import { createStreamRoute, type StreamRouteOptions } from './stream-route.js';

export interface LiveUpdatesOptions extends Pick<StreamRouteOptions, 'perAddress' | 'perWorker' | 'maxBufferBytes' | 'bodyLimitBytes' | 'logger'> {
  /** Subscription documents are checked against this supergraph's public API. */
  supergraphSdl: string;
  /** Reads a shop's view from the display subgraph. */
  readShop: ReadShop;
  /** The worker's one subscription to the read model's announcements. */
  changes: ReadModelChanges;
  /** The limits /graphql applies (tokens, and graphql-armor's rules). */
  limits: LiveOperationLimits;
  logger: Logger;
}

/** Live shop pages at /graphql/stream: the stream route over one fan-out per shop, fed by the read model's announcements. */
export function createLiveUpdates({ supergraphSdl, readShop, changes, limits, logger, ...route }: LiveUpdatesOptions) {
  // Checked against the public API, as Apollo Server checks /graphql (printed and rebuilt:
  // federation-internals may load another copy of graphql-js).
  const apiSchema = buildSchema(printApiSchema(Supergraph.build(supergraphSdl).apiSchema()));
  const liveShops = createLiveShops({ readShop, logger });
  changes.addListener(liveShops.listener);
  const streams = createStreamRoute({ ...route, live: liveShops, prepare: createLiveOperations(apiSchema, limits), logger });
  return {
    handle: (req: IncomingMessage, res: ServerResponse) => streams.handle(req, res),
    /** Live streams' and fan-out's tallies. */
    stats: () => ({ ...streams.stats(), ...liveShops.stats() }),
    /** A draining worker: open streams are closed (not completed), new ones refused. */
    closeAll: () => streams.closeAll(),
    close(): void {
      streams.closeAll();
      liveShops.close();
    },
  };
}

export type LiveUpdates = ReturnType<typeof createLiveUpdates>;
