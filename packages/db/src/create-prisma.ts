import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
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
   * How long a query may wait for a connection (a free one from the pool, or a new one),
   * in ms. Kept short so that a request fails fast with SERVICE_UNAVAILABLE while PostgreSQL
   * is down, or past saturation when every connection is busy, instead of queueing: measured
   * at 300 updates/s, 3 s here let refusals take up to 7 s; at 200/s no update waited 1 s.
   * @default 1000
   */
  connectTimeoutMs?: number;
  /**
   * Connections opened at once and kept open however long they are idle. The pool opens
   * connections as queries need them and closes those idle for `idleTimeoutMs`: without a
   * floor, a service idle for that long meets its next burst with no connection, and each of
   * its first queries waits for PostgreSQL to start a backend and warm its catalog caches.
   * @default 0
   */
  minConnections?: number;
  /**
   * How long a connection above `minConnections` may stay idle before it is closed, in ms.
   * @default 10000
   */
  idleTimeoutMs?: number;
}

/** A Prisma client over the pg driver adapter: no native query engine is needed at run time. */
/** The pg pool under each client `createPrisma` made. */
const pools = new WeakMap<PrismaClient, pg.Pool>();

export function createPrisma(options: PrismaOptions): PrismaClient {
  // The pool is ours (and the adapter ends it with the client), so that the paths that need
  // plain pg can share its connections and limits (`poolOf`).
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 1000,
    min: options.minConnections ?? 0,
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
    // A query stuck behind a frozen server must not hold a request forever.
    statement_timeout: 10_000,
  });
  // An idle connection whose server went away (a restart, a terminated backend) is dropped by
  // the pool, which reports it as an 'error' event: unheard, that ends the process. Prisma's
  // adapter listens only once Prisma has connected, and the relay and the floor below hold
  // connections before that.
  pool.on('error', () => {});
  // The floor from the start, not from the first burst: a service (re)started under load, as
  // in a rolling deploy, would otherwise open its first connections under that load. A failure
  // (PostgreSQL not up yet) leaves the pool to open them when queries need them.
  for (let i = 0; i < (options.minConnections ?? 0); i++) {
    pool.connect().then(
      (client) => client.release(),
      () => {},
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(prisma, pool);
  return prisma;
}

/**
 * The pg pool under a client from `createPrisma`, for the paths that need what Prisma cannot
 * send: several statements in one round trip (the outbox relay's claim opens its transaction,
 * and its mark commits it, each in one), and named prepared statements (the command side's
 * changes, `runRecordedChange`). Its connections are the client's.
 */
export function poolOf(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error('poolOf: this PrismaClient was not made by createPrisma');
  return pool;
}
