import type { RequestListener } from 'node:http';
import type { Logger } from '@shopgraph/telemetry/logger';
import { cacheFront, type CacheFrontOptions } from './cache-front.js';
import { customerReadPlugin } from './customer-read-plugin.js';
import { createDirectReads, type DirectReadsOptions } from './direct-reads.js';
import { createPeerFills, type PeerFill } from './peer-fills.js';
import { createResponseCache, type ResponseCacheOptions } from './response-cache.js';
import { servedByOneSubgraph } from './served-by-one-subgraph.js';
import { createSponsoredSlates, type SponsoredSlatesOptions } from './sponsored-slates.js';
import type { PlannedRequest } from '../planned-request.js';

export interface CustomerReadsOptions {
  /** The response cache's settings; null when it is off (GATEWAY_RESPONSE_CACHE). */
  responseCache: ResponseCacheOptions | null;
  /** How to reach the display subgraph directly; null when direct reads are off (GATEWAY_DIRECT_READS). */
  directReads: DirectReadsOptions | null;
  /** How to reach the two subgraphs of a sponsored slate; null when direct reads are off (GATEWAY_DIRECT_READS). */
  slates: SponsoredSlatesOptions | null;
  /** The supergraph the gateway serves: direct reads stay off unless the display subgraph alone serves shop reads in it. */
  supergraphSdl: string;
  /** Sends what this worker stores to the other workers (the cluster primary relays it); null outside a cluster. */
  sendToPeers: ((fill: PeerFill) => void) | null;
  logger: Logger;
}

/**
 * The gateway's customer read path (`shop`/`shops` for anonymous callers), end to end. A read
 * takes the first of these routes that answers it:
 *
 * 1. `cacheFront`, before Express and Apollo Server: a hit in the response cache;
 * 2. `cacheFront`: a read `customerReadPlugin` has learned, forwarded to the display subgraph;
 *    or a sponsored slate whose plan the executor has run (`planned`), its two fetches made
 *    there (`createSponsoredSlates`; never cached: every answer has new tokens);
 * 3. `customerReadPlugin`, inside Apollo Server: the validated read forwarded the same way;
 * 4. the federated executor (any error or failure on 2 or 3 falls back to it; a slate's
 *    slots already fetched are replayed to it, see `SubgraphReplay`).
 *
 * Answers of 2, 3 and 4 are stored in one place, `fillCache`. Without the cache there is no
 * front (routes 3 and 4 only); without direct reads, routes 1 and 4.
 */
export function createCustomerReads({ responseCache, directReads, slates: slateOptions, supergraphSdl, sendToPeers, logger }: CustomerReadsOptions) {
  const cache = responseCache ? createResponseCache(responseCache) : null;
  // Shop reads skip the federated executor only while the supergraph says the display
  // subgraph alone serves everything they can reach.
  const servedByDisplay = directReads !== null && servedByOneSubgraph(supergraphSdl, 'DISPLAY', ['shop', 'shops']);
  if (directReads && !servedByDisplay) logger.warn('shop reads reach fields of other subgraphs: direct reads off');
  const direct = directReads && servedByDisplay ? createDirectReads(directReads) : null;
  const peers = cache && sendToPeers ? createPeerFills(cache, sendToPeers) : null;
  // Slates are answered at the front only: without the cache there is none.
  const slates = cache && slateOptions ? createSponsoredSlates(slateOptions) : null;
  return {
    /** Null when the response cache is off. */
    cache,
    /** Stores what another worker shares (`PeerFill` messages); null outside a cluster or without the cache. */
    peers,
    /** Apollo Server's part of the path; null when neither the cache nor direct reads are on. */
    plugin: cache || direct ? customerReadPlugin({ cache, direct, peers }) : null,
    /** Told each query plan the executor runs: slates are learned from theirs. Null when slates are not answered here. */
    planned: slates ? (planned: PlannedRequest) => slates.learn(planned) : null,
    /** The HTTP entry in front of `app`; null without the cache (then the app is the entry). */
    front(options: Omit<CacheFrontOptions, 'cache' | 'direct' | 'peers' | 'slates'>): RequestListener | null {
      return cache ? cacheFront({ ...options, cache, direct, peers, slates }) : null;
    },
  };
}

export type CustomerReads = ReturnType<typeof createCustomerReads>;
