import { useCallback, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { createDashboardClient } from './graphql-client';
import type { TokenStore } from './session/token-store';
import type { Messages } from './i18n/messages';
import { MessagesContext } from './i18n/messages-context';
import { LogInPage } from './auth/log-in-page';
import { SignUpPage } from './auth/sign-up-page';
import { MyShopsPage } from './shops/my-shops-page';
import { CreateShopPage } from './shops/create-shop-page';
import { EditShopPage } from './shops/edit-shop-page';
import { PreviewPage } from './shops/preview-page';

export interface AppProps {
  tokens: TokenStore;
  messages: Messages;
  /** @default '/graphql' */
  url?: string;
  /** Tests pass a stub; the browser's fetch otherwise. */
  fetch?: typeof fetch;
  /** See MyShopsPage. @default 1000 */
  refetchPublishingAfterMs?: number;
  /** See createDashboardClient. @default 2 */
  streamRetries?: number;
}

type Page = { name: 'log-in' } | { name: 'sign-up' } | { name: 'shops' } | { name: 'create' } | { name: 'edit'; shopId: string } | { name: 'preview'; shopId: string };

/** The dashboard: signed out it offers log-in and sign-up; signed in, the owner's shops. */
export function App({ tokens, messages, url, fetch, refetchPublishingAfterMs, streamRetries }: AppProps) {
  const [token, setToken] = useState(tokens.get());
  const [page, setPage] = useState<Page>(token ? { name: 'shops' } : { name: 'log-in' });
  const [notice, setNotice] = useState<string | undefined>();

  const signIn = useCallback(
    (next: string | null, why?: string) => {
      tokens.set(next);
      setToken(next);
      setNotice(why);
      setPage(next ? { name: 'shops' } : { name: 'log-in' });
    },
    [tokens],
  );
  const expire = useCallback(() => signIn(null, messages.sessionExpired), [signIn, messages]);
  const client = useMemo(() => createDashboardClient({ url, token, fetch, onUnauthenticated: expire, streamRetries }), [url, token, fetch, expire, streamRetries]);
  const toShops = () => setPage({ name: 'shops' });

  return (
    <MessagesContext.Provider value={messages}>
      <Provider value={client}>
        <header>
          <p className="app-title">{messages.appTitle}</p>
          {token && (
            <button type="button" onClick={() => signIn(null)}>
              {messages.logOut}
            </button>
          )}
        </header>
        {page.name === 'log-in' && <LogInPage notice={notice} onSignedIn={(t) => signIn(t)} onSignUp={() => setPage({ name: 'sign-up' })} />}
        {page.name === 'sign-up' && <SignUpPage onSignedIn={(t) => signIn(t)} onLogIn={() => setPage({ name: 'log-in' })} />}
        {page.name === 'shops' && (
          <MyShopsPage
            onCreate={() => setPage({ name: 'create' })}
            onEdit={(shopId) => setPage({ name: 'edit', shopId })}
            onPreview={(shopId) => setPage({ name: 'preview', shopId })}
            refetchPublishingAfterMs={refetchPublishingAfterMs}
          />
        )}
        {page.name === 'create' && <CreateShopPage onDone={toShops} />}
        {page.name === 'edit' && <EditShopPage shopId={page.shopId} onDone={toShops} refetchPublishingAfterMs={refetchPublishingAfterMs} />}
        {page.name === 'preview' && <PreviewPage shopId={page.shopId} onDone={toShops} />}
      </Provider>
    </MessagesContext.Provider>
  );
}
