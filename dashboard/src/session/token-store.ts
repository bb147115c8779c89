/** Where the owner's bearer token is kept in the tab's sessionStorage. */
const KEY = 'shopgraph.dashboard.token';

/**
 * The owner's bearer token: in memory, mirrored into sessionStorage so a reload keeps the
 * session. Not a cookie: the gateway's response cache treats a request without
 * `Authorization` as anonymous, and a cookie would ride along on every request.
 */
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

export function createTokenStore(storage: Storage): TokenStore {
  let token = storage.getItem(KEY);
  return {
    get: () => token,
    set(next) {
      token = next;
      if (next === null) storage.removeItem(KEY);
      else storage.setItem(KEY, next);
    },
  };
}
