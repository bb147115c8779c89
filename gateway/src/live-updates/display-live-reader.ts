import { print } from 'graphql-sse';
import { ANONYMOUS, IDENTITY_HEADER, type IdentitySigner } from '@shopgraph/identity/identity';
import { noteValidUntil, VALID_UNTIL_HEADER } from '@shopgraph/graphql-conventions/valid-until';
import type { SubgraphFetch } from '@shopgraph/service-shell/subgraph-fetch';
import { VERSION_ALIAS } from './live-operation.js';
import type { ReadOutcome, ReadShop } from './live-shops.js';

/** The longest a failed read waits before the next try, ms. */
const MAX_RETRY_MS = 30_000;
const DEFAULT_RETRY_MS = 1000;

/**
 * Reads live views from the display subgraph, as the gateway's direct reads do (the anonymous
 * identity signed for it, the gateway's bounded fetch): every field of Shop is the display
 * subgraph's. An answer with any error is not a view: it is tried again after the retry delay
 * the error gives (SERVICE_UNAVAILABLE while the read model is being rebuilt), 1 s otherwise.
 */
export function createDisplayLiveReader({ url, fetch, sign }: { url: string; fetch: SubgraphFetch; sign: IdentitySigner }): ReadShop {
  return async (read): Promise<ReadOutcome> => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await sign(ANONYMOUS) },
        body: JSON.stringify({ query: read.query, operationName: 'ShopPublished', variables: read.variables }),
      });
      const body = (await response.json()) as { data?: Record<string, Record<string, unknown> | null> | null; errors?: { extensions?: { retryAfter?: unknown } }[] };
      const shop = body.data?.[read.responseKey];
      if (!response.ok || body.errors?.length || shop === undefined) {
        const seconds = body.errors?.find((error) => typeof error.extensions?.retryAfter === 'number')?.extensions?.retryAfter as number | undefined;
        return { retryAfterMs: Math.min(MAX_RETRY_MS, seconds !== undefined ? seconds * 1000 : DEFAULT_RETRY_MS) };
      }
      let version: number | null = null;
      if (shop) {
        version = typeof shop[VERSION_ALIAS] === 'number' ? (shop[VERSION_ALIAS] as number) : null;
        delete shop[VERSION_ALIAS];
      }
      const result = { data: { [read.responseKey]: shop } };
      const validity: { validUntil?: number } = {};
      noteValidUntil(validity, response.headers.get(VALID_UNTIL_HEADER));
      return { view: { result, text: JSON.stringify(result), event: print({ event: 'next', data: result }), version }, ...validity };
    } catch {
      return { retryAfterMs: DEFAULT_RETRY_MS };
    }
  };
}
