import cluster from 'node:cluster';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { waitFor } from '@shopgraph/testing/wait-for';
import { tellWorker } from '../src/tell-worker.js';

const dir = mkdtempSync(join(tmpdir(), 'tell-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether the process has died and is only waiting to be reaped (its channel's end already closed). */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

// Seen in CI's chaos run (a rolling restart under load): the primary passed a peer fill to a
// worker that had just died but whose channel it had not yet seen close; the send failed with
// EPIPE, raised as an 'error' event on the Worker that nothing handled, and the primary — and
// with it the whole gateway — went down.
it('drops a message to a worker that has died before the primary noticed, raising nothing', async () => {
  const script = join(dir, 'worker.mjs');
  writeFileSync(script, 'setInterval(() => {}, 1000);\n');
  cluster.setupPrimary({ exec: script, silent: true });
  const worker = cluster.fork();
  await new Promise((resolve) => worker.once('online', resolve));
  const errors: Error[] = [];
  worker.on('error', (error) => errors.push(error));
  const exited = new Promise((resolve) => worker.once('exit', resolve));

  worker.process.kill('SIGKILL');
  // Held synchronously, so the primary's event loop cannot read the channel's end meanwhile:
  // the worker is gone, yet still looks connected, as in the primary under load.
  const deadline = Date.now() + 10_000;
  while (!zombie(worker.process.pid!) && Date.now() < deadline);
  expect(worker.isConnected()).toBe(true);
  for (let i = 0; i < 3; i += 1) tellWorker(worker, { kind: 'peer-fill', i });

  await exited;
  await waitFor(() => !worker.isConnected(), { what: 'the channel to close' });
  expect(errors).toEqual([]);
});
