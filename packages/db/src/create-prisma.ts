import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';

export { Prisma, PrismaClient } from './generated/client.js';
export type { ShopCategory, ShopStatus } from './generated/client.js';

export interface PrismaOptions {
  /** postgresql://user@host:port/database */
  databaseUrl: string;
  /**
   * Connections in the pool.
   * @default 10
   */
  poolSize?: number;
  /**
   * How long a query may wait for a connection, in ms. Kept short so that a request
   * fails fast with SERVICE_UNAVAILABLE while PostgreSQL is down instead of hanging.
   * @default 3000
   */
  connectTimeoutMs?: number;
}

/** A Prisma client over the pg driver adapter: no native query engine is needed at run time. */
export function createPrisma(options: PrismaOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    // A query stuck behind a frozen server must not hold a request forever.
    statement_timeout: 10_000,
  });
  return new PrismaClient({ adapter });
}
