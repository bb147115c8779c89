/**
 * A subgraph's clean answer that the gateway already has for a request, to be used by the
 * federated executor instead of fetching it again: a request the customer read path began
 * and hands over (a sponsored slate whose Shops it could not fill in cleanly) must not count
 * its impressions twice or get new tokens. Used once, for the same query and variables only
 * (`IdentityDataSource`).
 */
export interface SubgraphReplay {
  /** The subgraph's name in the supergraph. */
  service: string;
  query: string;
  variables: Record<string, unknown>;
  data: Record<string, unknown>;
}

/** Where the customer read path leaves a replay on the request it hands to the app (read by the app's context). */
export const REPLAY = Symbol('shopgraph.subgraphReplay');

export type WithReplay<T> = T & { [REPLAY]?: SubgraphReplay };

/** Takes the replay for this subgraph's request, if it is the one replayed; it is used once. */
export function takeReplay(holder: { replay?: SubgraphReplay }, service: string, query: string | undefined, variables: Record<string, unknown> | undefined): SubgraphReplay | undefined {
  const replay = holder.replay;
  if (!replay || replay.service !== service || replay.query !== query || JSON.stringify(replay.variables) !== JSON.stringify(variables ?? {})) return undefined;
  delete holder.replay;
  return replay;
}
