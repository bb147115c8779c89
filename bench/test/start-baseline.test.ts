import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { alive } from '@shopgraph/testing/child-processes';
import { freePort } from '@shopgraph/testing/free-port';
import { waitFor } from '@shopgraph/testing/wait-for';

const startBaselineFile = new URL('../src/start-baseline.ts', import.meta.url).href;

let bench: ChildProcess | undefined;
let baselinePid: number | undefined;
afterEach(() => {
  bench?.kill('SIGKILL');
  if (baselinePid !== undefined && alive(baselinePid)) process.kill(baselinePid, 'SIGKILL');
  bench = baselinePid = undefined;
});

describe('startBaseline', () => {
  it('starts a baseline that ends with the bench, even when the bench is SIGKILLed', async () => {
    const port = await freePort();
    // A stand-in for the bench: it starts the bare HTTP baseline, says its pid, and waits.
    const code = `
      const { startBaseline } = await import(${JSON.stringify(startBaselineFile)});
      const child = await startBaseline('bench/src/baselines/bare-http.ts', 'http://127.0.0.1:${port}/', { args: ['--port', '${port}'] });
      console.log(child.pid);
      setInterval(() => {}, 1000);
    `;
    bench = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(bench.stdout!, 'data')) as [Buffer];
    baselinePid = Number(line.toString().trim());
    expect(alive(baselinePid)).toBe(true);
    const answer = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(200);

    bench.kill('SIGKILL');
    await waitFor(() => !alive(baselinePid!), { timeoutMs: 10_000, what: 'the baseline to exit with the bench' });
  });
});
