import { defineConfig } from 'vitest/config';

// The helpers' own tests need neither the template database nor Redis.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 } });
