import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

/**
 * A redis-server of the test's own on a spare port, for tests that stop and start
 * Redis (never the shared one). Nothing is persisted: a restart comes back empty.
 * `args`: more redis-server options. Its directory is a temp dir of its own: a replication
 * sync writes an RDB file there even with saving off.
 */
export async function startPrivateRedis({ args = [] }: { args?: string[] } = {}) {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'shopgraph-redis-'));

  async function ping(): Promise<boolean> {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }

  async function start(): Promise<void> {
    mkdirSync(dir, { recursive: true });
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args], { stdio: 'ignore' });
    await waitFor(ping, { what: `redis-server on ${port}` });
  }

  async function stop(): Promise<void> {
    const running = child;
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }

  await start();
  return { url, port, start, stop, [Symbol.asyncDispose]: stop };
}

export type PrivateRedis = Awaited<ReturnType<typeof startPrivateRedis>>;
