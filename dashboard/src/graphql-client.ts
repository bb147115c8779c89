import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createStreamClient } from 'graphql-sse';

export interface DashboardClientOptions {
  /** The gateway's GraphQL endpoint. @default '/graphql' (same origin: Vite's proxy in dev, the gateway in production) */
  url?: string;
  /** The signed-in owner's bearer token; null before log-in. */
  token: string | null;
  /**
   * Called when a request that carried a token is answered UNAUTHENTICATED, or `me: null`
   * (the API's word for "this token is no longer valid"): it has expired or was revoked.
   */
  onUnauthenticated: () => void;
  /** The fetch to send requests with (tests pass a stub: the network edge is all they fake). */
  fetch?: typeof fetch;
  /**
   * How often a live stream that cannot be opened (or is lost) is tried again, after 1, 2, 4 …
   * seconds, before its subscription fails and the page falls back to refetching.
   * @default 2
   */
  streamRetries?: number;
}

/**
 * One urql client per session: a new token gets a new client, so nothing one owner
 * fetched stays in the cache for the next. POST only: the gateway's CSRF prevention
 * refuses a GET without a preflight header, and owner reads are never cached anyway.
 * Subscriptions (`shopPublished`) go over Server-Sent Events at `<url>/stream`
 * (graphql-sse, one connection per subscription: pages open them sparingly, since a
 * browser keeps about six connections per origin over HTTP/1.1).
 */
export function createDashboardClient(options: DashboardClientOptions): Client {
  const url = options.url ?? '/graphql';
  const streams = createStreamClient({
    url: `${url}/stream`,
    fetchFn: options.fetch,
    retryAttempts: options.streamRetries ?? 2,
  });
  return new Client({
    url,
    preferGetMethod: false,
    fetch: options.fetch,
    fetchOptions: () => (options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
    exchanges: [
      cacheExchange,
      mapExchange({
        onResult(result) {
          const data = result.data as Record<string, unknown> | null | undefined;
          if (options.token && data && 'me' in data && data.me === null) options.onUnauthenticated();
        },
        onError(error) {
          // Without a token UNAUTHENTICATED is an answer (a wrong password), not an expiry.
          if (options.token && error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) options.onUnauthenticated();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: streams.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
