import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

/** The PostgreSQL binaries of the machine's cluster (Debian layout), or undefined. */
function postgresBin(): string | undefined {
  try {
    const version = readdirSync('/usr/lib/postgresql').sort().at(-1);
    return version ? `/usr/lib/postgresql/${version}/bin` : undefined;
  } catch {
    return undefined;
  }
}

const asPostgres = (command: string, args: string[]) =>
  process.getuid?.() === 0 ? (['runuser', ['-u', 'postgres', '--', command, ...args]] as const) : ([command, args] as const);

/**
 * A PostgreSQL server of its own (initdb in a temp dir, a spare port, trust auth), for
 * fault tests that stop the database without touching the machine's shared server.
 */
export async function startPrivatePostgres() {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const dir = mkdtempSync(path.join(tmpdir(), 'sg-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const [initdb, initArgs] = asPostgres(`${bin}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;

  async function reachable(): Promise<boolean> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }

  async function start(): Promise<void> {
    const [ctl, args] = asPostgres(`${bin}/pg_ctl`, ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', path.join(dir, 'log'), 'start']);
    spawn(ctl, args, { stdio: 'ignore' });
    await waitFor(reachable, { what: `private PostgreSQL on ${port}`, timeoutMs: 30_000 });
  }

  async function stop(): Promise<void> {
    const [ctl, args] = asPostgres(`${bin}/pg_ctl`, ['-D', data, '-m', 'immediate', 'stop']);
    try {
      execFileSync(ctl, args, { stdio: 'ignore' });
    } catch {
      // already stopped
    }
  }

  await start();
  return {
    port,
    /** A URL for a database on this server. */
    urlFor: (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PrivatePostgres = Awaited<ReturnType<typeof startPrivatePostgres>>;
