// Prisma 6.19's CLI with its WebAssembly schema engine ("js") talks to PostgreSQL
// through the pg driver adapter, so `migrate deploy` and `generate` never download a
// native engine (they cannot on offline machines: see docs/development.md,
// "Why these versions, and why two Prismas").
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { DEFAULT_DATABASE_URL } from './default-database-url.js';

const url = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join(import.meta.dirname, '../../prisma/schema.prisma'),
  migrations: { path: path.join(import.meta.dirname, '../../prisma/migrations') },
  // Discrete fields rather than a connection string: see ../shared/notes/toolchain.md.
  adapter: async () =>
    new PrismaPg({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || 'postgres'),
      password: decodeURIComponent(url.password) || undefined,
      database: url.pathname.slice(1),
      // Let the CLI exit as soon as it is done rather than after pg's 10 s idle timeout.
      idleTimeoutMillis: 50,
      allowExitOnIdle: true,
    }),
});
