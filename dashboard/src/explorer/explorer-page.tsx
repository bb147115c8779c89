// Monaco's workers, built by Vite beside the page (same origin: the explorer's CSP allows them).
import 'graphiql/setup-workers/vite';
import { GraphiQL } from 'graphiql';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createClient as createStreamClient } from 'graphql-sse';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './explorer-contrast.css';
import { withCurrentOperation } from './current-operation';
import { DEFAULT_QUERY } from './default-query';

/**
 * GraphiQL with its explorer plugin, bundled (no CDN: it works offline), at /dashboard/explorer.
 * Queries and mutations go to /graphql; subscriptions (`shopPublished`) over Server-Sent
 * Events at /graphql/stream: graphql-sse's client has the `subscribe(payload, sink)` shape
 * GraphiQL's fetcher asks of a graphql-ws client.
 */
const streams = createStreamClient({ url: '/graphql/stream' });
const graphiqlFetcher = createGraphiQLFetcher({
  url: '/graphql',
  wsClient: streams as unknown as NonNullable<Parameters<typeof createGraphiQLFetcher>[0]['wsClient']>,
});
const fetcher: typeof graphiqlFetcher = (request, options) => {
  const { params, documentAST } = withCurrentOperation(request);
  return graphiqlFetcher(params, documentAST ? { ...options, documentAST } : options);
};
const plugins = [explorerPlugin()];

export interface ExplorerPageProps {
  /** The signed-in owner's token (the dashboard's session), put in the headers so `me` and mutations work. */
  token: string | null;
}

export default function ExplorerPage({ token }: ExplorerPageProps) {
  return (
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      defaultQuery={DEFAULT_QUERY}
      defaultHeaders={token ? JSON.stringify({ authorization: `Bearer ${token}` }, null, 2) : undefined}
      // Never written to localStorage: a bearer token stays in this tab's session only.
      shouldPersistHeaders={false}
    />
  );
}
