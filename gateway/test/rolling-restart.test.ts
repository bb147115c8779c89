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
  if (primary.exitCode === null && primary.signalCode === null) {
    const exited = new Promise((resolve) => primary.once('exit', resolve));
    primary.kill('SIGTERM');
    await exited;
  }
});

describe('SIGHUP to the gateway', () => {
  it('replaces every worker one at a time, keeps answering, and the primary stays', async () => {
    const before = workersOf(primary.pid!);
    let answered = 0;
    const failures: string[] = [];
    let running = true;
    // Four clients on keep-alive connections, as a load balancer's would be.
    const clients = Array.from({ length: 4 }, async () => {
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
    // Not asserted yet (issue #11): a client's idle keep-alive connection that the old worker
    // closes as it drains can be reset under a request sent at that instant; a few of these
    // requests fail that way. Shown, so that the figure is seen where it is measured.
    console.log(`rolling restart: ${answered} answered, ${failures.length} failed (${[...new Set(failures)].join('; ')})`);
  });
});
