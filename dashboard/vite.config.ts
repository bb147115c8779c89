import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { firstLoadSize } from './scripts/first-load-size.ts';

/** The gateway the dev server forwards API calls to (npm start's owners' gateway). */
const GATEWAY = 'http://localhost:4010';

/** The dev server answers /dashboard/explorer with the explorer's page, as the gateway does. */
const explorerPath: Plugin = {
  name: 'shopgraph:explorer-path',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url === '/dashboard/explorer' || req.url === '/dashboard/explorer/') req.url = '/dashboard/explorer.html';
      next();
    });
  },
};

export default defineConfig({
  // Served by the gateway at /dashboard/, next to /graphql: same origin, so no CORS.
  base: '/dashboard/',
  // The dashboard, and the schema explorer (GraphiQL): a page of its own, never in the dashboard's load.
  build: {
    rollupOptions: {
      input: { index: 'index.html', explorer: 'explorer.html' },
      onwarn(warning, warn) {
        // GraphiQL's modules start with React Compiler's "use no memo", meaningless once bundled.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
    // GraphiQL and its Monaco editor (about 3.8 MB, lazy chunks of the explorer's page only) are large by nature.
    chunkSizeWarningLimit: 3000,
  },
  plugins: [react(), explorerPath, firstLoadSize('index', 250)],
  server: {
    proxy: {
      // /graphql/stream is the live updates' Server-Sent Events: no buffering, no timeout.
      '/graphql/stream': { target: GATEWAY, changeOrigin: true, timeout: 0, proxyTimeout: 0 },
      '/graphql': { target: GATEWAY, changeOrigin: true },
    },
  },
});
