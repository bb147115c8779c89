import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@shopgraph/testing/free-port';
import { placeOf, profileProcess, summarizeProfile } from '../src/cpu-profile.ts';

// A process that spends its time in one named function, as a service spends it in its hot path.
const BUSY = `
function spinForTheProfiler() { const until = Date.now() + 5; let x = 0; while (Date.now() < until) x += Math.sqrt(x + 1); return x; }
setInterval(spinForTheProfiler, 10);
console.log('ready');
`;

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

describe('profileProcess', () => {
  it("profiles a running process through its inspector and finds where its time goes, then closes the inspector", async () => {
    const inspectorPort = await freePort();
    // --inspect-port only says where SIGUSR1 opens the inspector: nothing listens until then.
    // Unoptimized: code TurboFan compiled before the profiler attached was sometimes sampled as
    // its caller, Node's listOnTimeout (1 in 6 profiles on a loaded box, and in CI, even with
    // inlining off); V8's attribution, not this tool's. With --no-opt, 12 in 12 found it.
    child = spawn(process.execPath, ['--no-opt', `--inspect-port=${inspectorPort}`, '-e', BUSY], { stdio: ['ignore', 'pipe', 'ignore'] });
    await once(child.stdout!, 'data');
    const profile = await profileProcess(child.pid!, 1, { inspectorPort });
    const summary = summarizeProfile(profile, 5);
    // Half of each 10 ms spinning: the process was busy about 500 ms of the second.
    expect(summary.busyMs).toBeGreaterThan(200);
    expect(summary.byFunction[0]!.fn).toMatch(/^spinForTheProfiler /);
    expect(summary.byFunction[0]!.share).toBeGreaterThan(0.5);
    // Closed again: the port no longer answers.
    await expect(fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).rejects.toThrow();
  });

  it('fails, rather than waiting forever, when the process dies while it is profiled', async () => {
    const inspectorPort = await freePort();
    child = spawn(process.execPath, [`--inspect-port=${inspectorPort}`, '-e', BUSY], { stdio: ['ignore', 'pipe', 'ignore'] });
    await once(child.stdout!, 'data');
    const started = Date.now();
    // Killed as a crash would kill it, once the sampler runs, 30 s before the profile is due.
    const dies = () => child!.kill('SIGKILL');
    await expect(profileProcess(child.pid!, 30, { inspectorPort, onStart: dies })).rejects.toThrow(/closed its inspector before the profile was taken/);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('says so when the process opens no inspector where it is asked to look', async () => {
    const inspectorPort = await freePort();
    child = spawn(process.execPath, [`--inspect-port=${inspectorPort}`, '-e', BUSY], { stdio: ['ignore', 'pipe', 'ignore'] });
    await once(child.stdout!, 'data');
    const elsewhere = await freePort();
    await expect(profileProcess(child.pid!, 1, { inspectorPort: elsewhere })).rejects.toThrow(`opened no inspector on port ${elsewhere}`);
  });
});

describe('placeOf', () => {
  it('names a dependency, a Node built-in, a file of the repository, or native code', () => {
    expect(placeOf('file:///work/main/node_modules/@apollo/server/dist/esm/requestPipeline.js')).toBe('@apollo/server');
    expect(placeOf('file:///srv/app/node_modules/ioredis/built/Redis.js')).toBe('ioredis');
    expect(placeOf('node:internal/stream_base_commons')).toBe('node:stream_base_commons');
    expect(placeOf('node:net')).toBe('node:net');
    expect(placeOf('file:///work/main/gateway/dist/send-answer.js')).toBe('gateway/dist/send-answer.js');
    expect(placeOf('file:///srv/app/packages/service-shell/dist/graphql-route.js')).toBe('packages/service-shell/dist/graphql-route.js');
    expect(placeOf('')).toBe('(native)');
  });
});
