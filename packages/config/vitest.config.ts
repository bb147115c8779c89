import { defineConfig } from 'vitest/config';

// Not @shopgraph/testing's shared config: testing depends on @shopgraph/events, which reads its
// queue settings with this package, so a dependency on testing would close a cycle. These
// tests parse settings only and need none of its PostgreSQL or Redis.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
