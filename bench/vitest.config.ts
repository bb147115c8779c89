import { defineConfig } from 'vitest/config';

// The bench's own tools' tests (the benchmarks themselves run with `npm run bench`, not here).
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 } });
