import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Component tests in a simulated DOM (happy-dom): fast, no browser; the network edge is a fetch stub. */
export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    restoreMocks: true,
    // The other workspaces' limit (packages/testing's vitest config): on a loaded 2-core box a render
    // and its waits can take longer than vitest's 5 s default; a test that hangs still fails.
    testTimeout: 30_000,
  },
});
