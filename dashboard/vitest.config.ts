import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Component tests in a simulated DOM (happy-dom): fast, no browser; the network edge is a fetch stub. */
export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    restoreMocks: true,
  },
});
