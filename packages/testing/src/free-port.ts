import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from './child-processes.js';

const LOCKS = join(tmpdir(), 'shopgraph-test-ports');
const LOWEST = 10_000;
const ATTEMPTS = 200;
const held = new Set<string>();
// A process killed by a signal leaves its locks; the next process to pick those ports takes them over.
process.once('exit', () => {
  for (const path of held) if (owner(path) === process.pid) rmSync(path, { force: true });
});

/**
 * A free TCP port on 127.0.0.1 that stays ours until this process exits: the caller usually
 * hands it to a child process that binds it seconds later.
 *
 * Why not `listen(0)`: that port comes from the kernel's ephemeral range, which outgoing
 * connections draw from too, and the test processes make thousands of them (Redis,
 * PostgreSQL, HTTP); one took a stack's projector port before the projector bound it
 * (EADDRINUSE, CI of 2026-12-05). Ports below that range are never handed out
 * implicitly, and a lock file per port keeps test processes running side by side
 * (vitest workers, turbo's packages) from picking the same one in that window. The locks go
 * when the process exits.
 */
export async function freePort(): Promise<number> {
  const highest = ephemeralRangeStart() - 1;
  mkdirSync(LOCKS, { recursive: true });
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (reserve(port) && (await bindable(port))) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${highest} after ${ATTEMPTS} tries`);
}

function ephemeralRangeStart(): number {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(start) && start > LOWEST + 1_000) return start;
  } catch {
    // Not Linux: the IANA dynamic range.
  }
  return 49_152;
}

/** Takes the port's lock file, or the lock of a process that is gone. */
function reserve(port: number): boolean {
  const path = join(LOCKS, String(port));
  if (create(path)) return true;
  const stale = owner(path);
  // 0: a lock just created and not yet written, held all the same.
  if (!stale || alive(stale)) return false;
  // Move the dead process's lock aside (a rename: one taker wins) and check that what was moved
  // is that lock, not one a concurrent taker has just created in its place; if not, put it back.
  const aside = `${path}.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  const moved = owner(aside);
  if (moved !== stale) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone holds the port again already.
    }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return create(path);
}

function create(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    held.add(path);
    return true;
  } catch {
    return false;
  }
}

/** The pid in a lock file; 0 if it is empty, undefined if there is none. */
function owner(path: string): number | undefined {
  try {
    return Number(readFileSync(path, 'utf8')) || 0;
  } catch {
    return undefined;
  }
}

/** Whether nothing outside the test processes (a service on the box) listens there. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
