import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@shopgraph/testing/private-redis';
import { waitFor } from '@shopgraph/testing/wait-for';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

let primary: ChildProcess;
let port: number;

const workersOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

beforeAll(async () => {
  port = await freePort();
  const nowhere = `http://127.0.0.1:${await freePort()}/graphql`;
  primary = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      APOLLO_TELEMETRY_DISABLED: '1',
      GATEWAY_PORT: String(port),
      GATEWAY_METRICS_PORT: String(await freePort()),
      GATEWAY_WORKERS: '2',
      GATEWAY_RESPONSE_CACHE: 'false',
      GATEWAY_THROTTLES: 'false',
      OWNER_URL: nowhere,
      SHOP_URL: nowhere,
      REVIEW_URL: nowhere,
      DISPLAY_URL: nowhere,
      SEARCH_URL: nowhere,
    },
    stdio: 'ignore',
  });
  await waitFor(() => workersOf(primary.pid!).length === 2 && fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false), {
    what: 'the gateway and its two workers',
    timeoutMs: 30_000,
  });
});

afterAll(async () => {
  // Not SIGTERM: its drain would wait out the idle keep-alive connections this test's clients
  // leave open (65 s). Workers exit when their primary's channel closes.
  const workers = workersOf(primary.pid!);
  if (primary.exitCode === null && primary.signalCode === null) primary.kill('SIGKILL');
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  await waitFor(() => !workers.some(alive), { what: 'the workers to exit with their primary' });
});

describe('SIGHUP to the gateway', () => {
  it('replaces every worker one at a time with no failed request, and the primary stays', async () => {
    const before = workersOf(primary.pid!);
    let answered = 0;
    const failures: string[] = [];
    let running = true;
    // Sixteen clients on keep-alive connections, as a load balancer's would be.
    const clients = Array.from({ length: 16 }, async () => {
      while (running) {
        await fetch(`http://127.0.0.1:${port}/health`).then(
          (response) => (response.ok ? (answered += 1) : failures.push(`HTTP ${response.status}`)),
          (error: Error) => failures.push(`${error.message}: ${(error.cause as Error | undefined)?.message ?? ''}`),
        );
      }
    });
    await waitFor(() => answered > 50, { what: 'requests flowing' });
    primary.kill('SIGHUP');
    const after = await waitFor(
      () => {
        const now = workersOf(primary.pid!);
        return now.length === 2 && now.every((pid) => !before.includes(pid)) && now;
      },
      { what: 'both workers replaced', timeoutMs: 30_000 },
    );
    const answeredAtRestart = answered;
    await waitFor(() => answered > answeredAtRestart + 50, { what: 'the new workers answering' });
    running = false;
    await Promise.all(clients);
    expect(primary.exitCode).toBeNull();
    expect(after).toHaveLength(2);
    // A worker that closed an idle keep-alive connection as it drained reset requests sent on it
    // at that instant (4 to 6 of ~2,000 here): draining leaves idle connections to their
    // announced timeout and answers late requests with `Connection: close`.
    expect(failures).toEqual([]);
  });
});
