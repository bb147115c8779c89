import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { alive } from '@shopgraph/testing/child-processes';
import { waitFor } from '@shopgraph/testing/wait-for';
import { readInChildProcess } from '../src/customer-reads-process.ts';

let server: Server | undefined;
let bench: ChildProcess | undefined;
let readerPid: number | undefined;
afterEach(async () => {
  server?.close();
  bench?.kill('SIGKILL');
  if (readerPid !== undefined && alive(readerPid)) process.kill(readerPid, 'SIGKILL');
  server = bench = readerPid = undefined;
});

/** A stand-in for the gateway: answers `shop(id)` for every id but 'gone', a hit for odd ids, and counts what it was asked. */
async function fakeGateway() {
  const asked: string[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { variables } = JSON.parse(body) as { variables: { id: string } };
      asked.push(variables.id);
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-shopgraph-cache', Number(variables.id) % 2 === 1 ? 'hit' : 'miss');
      res.end(JSON.stringify(variables.id === 'gone' ? { data: { shop: null } } : { data: { shop: { id: variables.id, name: 'n', notice: null } } }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/graphql`, asked };
}

describe('readInChildProcess', () => {
  it('sends the reads from a process of its own, on schedule, and reports their latencies, cache answers and errors', async () => {
    const gateway = await fakeGateway();
    const reads = await readInChildProcess({ gatewayUrl: gateway.url, shopIds: ['1', '2', 'gone'], perSecond: 100, count: 30 });
    expect(reads.pid).toBeGreaterThan(0);
    expect(reads.pid).not.toBe(process.pid);
    // Ready before the start: nothing is sent until then.
    expect(gateway.asked).toEqual([]);
    const result = await reads.start();
    expect(gateway.asked).toHaveLength(30);
    expect(result.sent).toBe(30);
    expect(result.errors).toBe(10);
    expect(result.byCache).toEqual({ hit: 10, miss: 20 });
    expect(result.p99Ms).toBeGreaterThan(0);
    // Misses by the second of the run they were sent in: 30 reads at 100/s all fall in the first.
    expect(result.notHitBySecond).toEqual({ 0: 20 });
  });

  it('fails, not hangs, when its process dies before answering', async () => {
    const reads = await readInChildProcess({ gatewayUrl: 'http://127.0.0.1:1/graphql', shopIds: ['1'], perSecond: 1, count: 60 });
    const result = reads.start();
    process.kill(reads.pid!, 'SIGKILL');
    await expect(result).rejects.toThrow(/ended \(SIGKILL\) before its result/);
  });

  it('ends with the bench, even when the bench is SIGKILLed mid-run', async () => {
    const gateway = await fakeGateway();
    // A stand-in for the bench: a minute of reads started, the reads' pid said, then killed.
    const code = `
      const { readInChildProcess } = await import(${JSON.stringify(new URL('../src/customer-reads-process.ts', import.meta.url).href)});
      const reads = await readInChildProcess({ gatewayUrl: ${JSON.stringify(gateway.url)}, shopIds: ['1'], perSecond: 100, count: 6000 });
      void reads.start().catch(() => {});
      console.log(reads.pid);
    `;
    bench = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(bench.stdout!, 'data')) as [Buffer];
    readerPid = Number(line.toString().trim());
    await waitFor(() => gateway.asked.length > 0, { what: 'the reads to start' });
    bench.kill('SIGKILL');
    await waitFor(() => !alive(readerPid!), { timeoutMs: 10_000, what: "the reads' process to end with the bench" });
  });
});
