import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childrenOf } from '@shopgraph/testing/child-processes';
import { waitFor } from '@shopgraph/testing/wait-for';
import { startGatewayCluster } from './gateway-cluster.js';

let primary: ChildProcess;
let port: number;
let metricsPort: number;

/** Sends one raw HTTP request; `answered` resolves with the status line, or with how the connection ended without one. */
function rawRequest(path: string): { connected: Promise<void>; answered: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  let text = '';
  const answered = new Promise<string>((resolve, reject) => {
    socket.on('data', (chunk) => (text += chunk));
    socket.on('end', () => resolve(text ? text.split('\r\n')[0]! : 'closed'));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve('reset') : reject(error)));
  });
  return { connected, answered };
}

beforeAll(async () => {
  // Its stop need not wait for this test's idle connections to end by themselves.
  ({ primary, port, metricsPort } = await startGatewayCluster(1, { GATEWAY_DRAIN_TIMEOUT_MS: '500' }));
});

afterAll(async () => {
  if (primary.exitCode === null) {
    const exited = new Promise((resolve) => primary.once('exit', resolve));
    primary.kill('SIGTERM');
    await exited;
  }
});

describe('a gateway worker that dies', () => {
  it('strands no connection: a request sent to a dying worker ends, answered or reset for the client to retry', async () => {
    const [worker] = childrenOf(primary.pid!);
    expect(worker).toBeDefined();
    // The worker stops taking anything; the request arrives; then the worker dies.
    process.kill(worker!, 'SIGSTOP');
    const { connected, answered } = rawRequest('/health');
    await connected;
    // The primary answers its own metrics port from the same event loop that accepts
    // gateway connections: once it has answered a request sent after ours connected, it
    // has had its chance to take ours (as Node's round-robin scheduling does) too.
    expect((await fetch(`http://127.0.0.1:${metricsPort}/not-metrics`)).status).toBe(404);
    process.kill(worker!, 'SIGKILL');
    await waitFor(() => childrenOf(primary.pid!).some((pid) => pid !== worker), { what: 'a replacement worker', timeoutMs: 20_000 });
    // With Node's round-robin scheduling the primary accepted the connection and handed it to
    // the stopped worker; the worker died before acknowledging, and the primary held the socket
    // forever (CLOSE-WAIT). Now the kernel keeps it queued for a live worker or, when the only
    // worker died and the listening socket closed with it, resets it.
    const outcome = await Promise.race([
      answered,
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error('no answer 15 s after the replacement started')), 15_000)),
    ]);
    expect(outcome).toMatch(/^HTTP\/1\.1 200|^reset$/);
  }, 60_000);
});
