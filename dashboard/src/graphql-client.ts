import { Client, cacheExchange, fetchExchange, mapExchange } from '@urql/core';

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
}

/**
 * One urql client per session: a new token gets a new client, so nothing one owner
 * fetched stays in the cache for the next. POST only: the gateway's CSRF prevention
 * refuses a GET without a preflight header, and owner reads are never cached anyway.
 */
export function createDashboardClient(options: DashboardClientOptions): Client {
  return new Client({
    url: options.url ?? '/graphql',
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
    ],
  });
}
