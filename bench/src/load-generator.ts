import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface LoadRun {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  url: string;
  /** JSON bodies; each request POSTs one of them at random. */
  bodies: readonly string[];
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}

const WRK_SCRIPT = fileURLToPath(new URL('./wrk-graphql.lua', import.meta.url));

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return (error as { status?: number }).status === 1;
  }
}

/** wrk (C, one thread) costs the shared cores far less than a Node load generator: install it if we can. */
export function pickLoadGenerator(): 'wrk' | 'autocannon' {
  if (hasWrk()) return 'wrk';
  try {
    execFileSync('apt-get', ['install', '-y', '-q', 'wrk'], { stdio: 'ignore' });
  } catch {
    return 'autocannon';
  }
  return hasWrk() ? 'wrk' : 'autocannon';
}

async function runWrk({ url, bodies, headers = {}, connections, seconds }: LoadOptions): Promise<LoadRun> {
  const file = join(mkdtempSync(join(tmpdir(), 'shopgraph-bench-')), 'bodies.jsonl');
  writeFileSync(file, `${bodies.join('\n')}\n`);
  const headerArgs = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', WRK_SCRIPT, url, '--', file, ...headerArgs]);
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
  });
  const line = output.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk printed no summary: ${output}`);
  const summary = JSON.parse(line.slice('WRK_JSON '.length)) as {
    requests: number;
    durationUs: number;
    p50Us: number;
    p99Us: number;
    errors: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: Math.round(summary.requests / (summary.durationUs / 1e6)),
    p50Ms: +(summary.p50Us / 1000).toFixed(1),
    p99Ms: +(summary.p99Us / 1000).toFixed(1),
    requests: summary.requests,
    errors: summary.errors,
    non2xx: summary.non2xx,
  };
}

async function runAutocannon({ url, bodies, headers = {}, connections, seconds }: LoadOptions): Promise<LoadRun> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request) => ({ ...request, body: bodies[Math.floor(Math.random() * bodies.length)] }),
      },
    ],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function loadGenerator(kind: 'wrk' | 'autocannon'): (options: LoadOptions) => Promise<LoadRun> {
  return kind === 'wrk' ? runWrk : runAutocannon;
}
