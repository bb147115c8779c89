import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One process as /proc shows it. */
export interface ProcEntry {
  pid: number;
  ppid: number;
  /** Clock ticks after boot when it started: with the pid, names one process even if the pid is reused. */
  startTicks: number;
  /** CPU used so far, user + system, seconds. */
  cpuSeconds: number;
  cmdline: string;
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;
const cmdlines = new Map<string, string>();

/** Every process on the machine, read from /proc (the command lines once per process). */
export function procTable(): Map<number, ProcEntry> {
  const table = new Map<number, ProcEntry>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces and parentheses): state is field 3,
      // ppid 4, utime 14, stime 15, starttime 22.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      const startTicks = Number(fields[19]);
      const key = `${entry}:${startTicks}`;
      let cmdline = cmdlines.get(key);
      if (cmdline === undefined) {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
        cmdlines.set(key, cmdline);
      }
      table.set(Number(entry), { pid: Number(entry), ppid: Number(fields[1]), startTicks, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/** A process and every process under it. */
export function descendants(table: Map<number, ProcEntry>, roots: Iterable<number>): Set<number> {
  const children = new Map<number, number[]>();
  for (const p of table.values()) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const found = new Set<number>();
  const stack = [...roots].filter((pid) => table.has(pid));
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (found.has(pid)) continue;
    found.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Socket inodes of the TCP sockets listening on each port (IPv4 and IPv6). */
function listeningInodes(ports: ReadonlySet<number>): Map<string, number> {
  const inodes = new Map<string, number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10 || columns[3] !== '0A') continue; // 0A: LISTEN
      const port = parseInt(columns[1]!.split(':').at(-1)!, 16);
      if (ports.has(port)) inodes.set(columns[9]!, port);
    }
  }
  return inodes;
}

/** The processes holding a socket that listens on one of `ports`, by port. */
export function listeningPids(ports: Iterable<number>): Map<number, number[]> {
  const inodes = listeningInodes(new Set(ports));
  const byPort = new Map<number, number[]>();
  if (inodes.size === 0) return byPort;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const port = inodes.get(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? '');
      if (port !== undefined && !byPort.get(port)?.includes(Number(entry))) byPort.set(port, [...(byPort.get(port) ?? []), Number(entry)]);
    }
  }
  return byPort;
}

/** Local ports of this process's own TCP sockets (to tell its own PostgreSQL connections from the stack's). */
export function ownLocalPorts(): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // Closed meanwhile.
    }
  }
  const ports = new Set<number>();
  for (const file of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length >= 10 && inodes.has(columns[9]!)) ports.add(parseInt(columns[1]!.split(':').at(-1)!, 16));
    }
  }
  return ports;
}
