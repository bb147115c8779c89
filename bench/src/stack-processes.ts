import type pg from 'pg';
import { descendants, listeningPids, ownLocalPorts, type ProcEntry } from './proc-table.ts';

/** Where the stack under test listens: its processes are found from these, never by name alone. */
export interface StackLocation {
  /** The gateway's port: its process tree leads to `npm start` (scripts/start.mjs), whose children are the stack. */
  gatewayPort: number;
  /**
   * The other services by port, for a stack not started by `npm start`: each listening process
   * and its children, named after the service when its command line does not say (a container's
   * `node dist/main.js`).
   */
  servicePorts: Readonly<Record<number, string>>;
  /** The PostgreSQL server the stack uses, and its database there. */
  postgresPort: number;
  database: string;
  /** The Redis servers it uses (queues, read model). */
  redisPorts: readonly number[];
  /** A connection to `database`, to read `pg_stat_activity` with (its own backend is not counted). */
  db: pg.Client;
}

/**
 * Parts reported apart and left out of the sums, with what they are. Everything else a
 * classification names (gateway, owner, shop, review, display, projector, search and any
 * service `npm start` gains later, PostgreSQL's backends on the stack's database, Redis) counts.
 */
export const APART: Record<string, string> = {
  postgresShared:
    "PostgreSQL's server-wide processes (postmaster, checkpointer, background writer, WAL writer, autovacuum launcher, …): they serve every database on the server, so other databases' and the bench's own bulk loads are in them",
  postgresOtherDatabases: "backends of the server's other databases (other stacks, tests)",
  postgresBench: "the bench's own connections (its sampling, verify, bulk loads)",
  launcher: "npm start itself (scripts/start.mjs prefixing the services' logs; not in production)",
};

export const COUNTED_NOTE =
  "every process npm start runs (by its process tree from the gateway's port; each PROJECTORS=N projector too), PostgreSQL backends whose pg_stat_activity.datname is the stack's database (client backends, autovacuum workers, parallel workers; the bench's own connections excepted), and the whole Redis server(s) the stack uses (Redis cannot tell clients' CPU apart: on a shared Redis others' commands are in it)";

/** gateway/dist/main.js → gateway, subgraphs/owner/dist/main.js → owner, projector/dist/main.js → projector. */
const SERVICE = /([\w.-]+)\/dist\/main\.js/;

interface Activity {
  pid: number;
  datname: string | null;
  backend_type: string;
  client_port: number | null;
}

/** Tells, at one moment, which part of the stack each process on the machine is (or none). */
export interface StackProbe {
  classify(table: Map<number, ProcEntry>): Promise<Map<number, string>>;
  /** What was found, for the report. */
  describe(): { roots: string; postmaster: number[]; redis: number[] };
}

/**
 * Finds the stack's processes once (roots, postmaster, Redis servers) and classifies the
 * machine's processes on each call: the services' process trees change (gateway workers,
 * restarts) and PostgreSQL backends come and go, so each reading asks again.
 */
export function stackProbe(location: StackLocation): StackProbe {
  const ports = { ...location.servicePorts, [location.gatewayPort]: 'gateway' } as Record<number, string>;
  const listening = listeningPids([...Object.keys(ports).map(Number), location.postgresPort, ...location.redisPorts]);
  const postmaster = listening.get(location.postgresPort) ?? [];
  const redis = location.redisPorts.flatMap((port) => listening.get(port) ?? []);
  let roots: number[] = [];
  /** Names by root process when the stack was found by its ports. */
  const rootNames = new Map<number, string>();
  let rootsNote = '';
  let ownBackend: number | undefined;

  const findRoots = (table: Map<number, ProcEntry>) => {
    for (let pid = listening.get(location.gatewayPort)?.[0]; pid !== undefined && pid > 1; pid = table.get(pid)?.ppid) {
      if (table.get(pid)?.cmdline.includes('scripts/start.mjs')) {
        roots = [pid];
        rootsNote = `npm start (pid ${pid}) and its process tree`;
        return;
      }
    }
    for (const [port, name] of Object.entries(ports)) for (const pid of listening.get(Number(port)) ?? []) rootNames.set(pid, name);
    roots = [...rootNames.keys()];
    rootsNote = `the processes listening on ports ${[...new Set(Object.keys(ports))].join(', ')} and their children (not started by npm start)`;
  };

  return {
    async classify(table) {
      if (roots.length === 0) findRoots(table);
      ownBackend ??= (await location.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const parts = new Map<number, string>();
      for (const root of roots) {
        for (const pid of descendants(table, [root])) {
          const service = SERVICE.exec(table.get(pid)!.cmdline)?.[1];
          parts.set(pid, service ?? rootNames.get(root) ?? 'launcher');
        }
      }
      for (const pid of redis) if (table.has(pid)) parts.set(pid, 'redis');

      const own = ownLocalPorts();
      const activity = new Map(
        (await location.db.query<Activity>('SELECT pid, datname, backend_type, client_port FROM pg_stat_activity')).rows.map((row) => [row.pid, row]),
      );
      for (const pid of descendants(table, postmaster)) {
        const row = activity.get(pid);
        if (!row || row.datname === null) parts.set(pid, 'postgresShared');
        else if (row.datname !== location.database) parts.set(pid, 'postgresOtherDatabases');
        else if (pid === ownBackend || (row.client_port !== null && own.has(row.client_port))) parts.set(pid, 'postgresBench');
        else parts.set(pid, 'postgres');
      }
      return parts;
    },
    describe: () => ({ roots: rootsNote, postmaster, redis }),
  };
}
