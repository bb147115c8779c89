import type { SubgraphResponse } from '@shopgraph/service-shell/subgraph-fetch';

/**
 * A subgraph call the gateway already made for a request, to be used by the federated
 * executor instead of calling again: a request a fast path began and hands over must not
 * count a slate's impressions twice or get new tokens (`SponsoredSlates`), nor run an owner's
 * mutation twice (`DirectWrites`). The executor's data source reads the answer as if it had
 * just fetched it (`IdentityDataSource`), so an error, a refusal or a timeout reaches the
 * client formatted, coded and counted as on the federated path. Used once, for the same
 * query and variables only.
 */
export interface SubgraphReplay {
  /** The subgraph's name in the supergraph. */
  service: string;
  query: string;
  variables: Record<string, unknown>;
  /** The subgraph's answer as the gateway's fetch returned it (read whole: it can be read again), or why there was none. */
  outcome: { response: SubgraphResponse } | { error: unknown };
}

/** Where a fast path leaves a replay on the request it hands to the app (read by the app's context). */
export const REPLAY = Symbol('shopgraph.subgraphReplay');

export type WithReplay<T> = T & { [REPLAY]?: SubgraphReplay };

/** Takes the replay for this subgraph's request, if it is the one replayed; it is used once. */
export function takeReplay(holder: { replay?: SubgraphReplay }, service: string, query: string | undefined, variables: Record<string, unknown> | undefined): SubgraphReplay | undefined {
  const replay = holder.replay;
  if (!replay || replay.service !== service || replay.query !== query || JSON.stringify(replay.variables) !== JSON.stringify(variables ?? {})) return undefined;
  delete holder.replay;
  return replay;
}
