import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { firstLoadSize } from './scripts/first-load-size.ts';

/** The gateway the dev server forwards API calls to (npm start's default port). */
const GATEWAY = 'http://localhost:4000';

export default defineConfig({
  // Served by the gateway at /dashboard/, next to /graphql: same origin, so no CORS.
  base: '/dashboard/',
  plugins: [react(), firstLoadSize(250)],
  server: {
    proxy: {
      // /graphql/stream is the live updates' Server-Sent Events: no buffering, no timeout.
      '/graphql/stream': { target: GATEWAY, changeOrigin: true, timeout: 0, proxyTimeout: 0 },
      '/graphql': { target: GATEWAY, changeOrigin: true },
    },
  },
});
