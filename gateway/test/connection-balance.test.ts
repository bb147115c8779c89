import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '@shopgraph/testing/wait-for';
import { startGatewayCluster } from './gateway-cluster.js';

let primary: ChildProcess;
let port: number;
let workers: () => number[];

beforeAll(async () => {
  ({ primary, port, workers } = await startGatewayCluster(2, { GATEWAY_DRAIN_TIMEOUT_MS: '500' }));
});

afterAll(async () => {
  for (const pid of workers()) process.kill(pid, 'SIGCONT');
  if (primary.exitCode === null) {
    const exited = new Promise((resolve) => primary.once('exit', resolve));
    primary.kill('SIGTERM');
    await exited;
  }
});

/** Local ports of this test's client connections (other clients, such as the start-up probe's, are not counted). */
const ours = new Set<number>();

/** Established connections from this test's client to `port` that process `pid` holds, from /proc (the sockets' inodes in its fds). */
function connectionsHeldBy(pid: number): number {
  const established = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local and remote address (hex ip:port), state (01: ESTABLISHED), …, inode (10th column)
      const portOf = (address: string) => parseInt(address.split(':').at(-1)!, 16);
      if (fields.length > 9 && portOf(fields[1]!) === port && ours.has(portOf(fields[2]!)) && fields[3] === '01') established.add(fields[9]!);
    }
  }
  let held = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode && established.has(inode)) held += 1;
    } catch {
      // closed meanwhile
    }
  }
  return held;
}

it('spreads keep-alive connections that one worker took all of over both workers, without a failed request', async () => {
  const [first, second] = workers();
  expect(second).toBeDefined();
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const failures: string[] = [];
  const get = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
        if (res.statusCode !== 200) failures.push(`HTTP ${res.statusCode}`);
        if (res.socket.localPort) ours.add(res.socket.localPort);
        res.resume().on('end', resolve);
      });
      req.on('error', (error) => {
        failures.push(error.message);
        resolve();
      });
      req.end();
    });
  try {
    // With the second worker stopped, the first accepts all eight of the client's connections.
    process.kill(second!, 'SIGSTOP');
    await Promise.all(Array.from({ length: 8 }, get));
    expect(connectionsHeldBy(first!)).toBe(8);
    process.kill(second!, 'SIGCONT');
    // The client goes on with its eight keep-alive connections; without the balance they would stay with the first worker for good.
    await waitFor(
      async () => {
        await Promise.all(Array.from({ length: 8 }, get));
        return connectionsHeldBy(second!) >= 3 && connectionsHeldBy(first!) <= 5;
      },
      // A worker retires connections once a second, and which worker takes a new one is the kernel's
      // pick: on a loaded box (two busy loops beside it) the file took up to 10 s, its cluster's start included.
      { what: 'each worker holding 3 to 5 of the 8 connections', timeoutMs: 40_000 },
    );
    expect(failures).toEqual([]);
  } finally {
    agent.destroy();
  }
}, 60_000);
