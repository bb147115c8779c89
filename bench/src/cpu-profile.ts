import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

/** A V8 CPU profile as the inspector's `Profiler.stop` returns it (and Chrome DevTools loads it). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileOptions {
  /** The inspector port the process opens on SIGUSR1: Node's 9229 unless it was started with `--inspect-port`. */
  inspectorPort?: number;
  /** Sampling interval, µs. @default 200 */
  intervalUs?: number;
  /** Called once the sampler runs. */
  onStart?: () => void;
}

/**
 * Profiles a running Node process for `seconds` without restarting it: SIGUSR1 opens its
 * inspector (on 127.0.0.1 only), V8's sampling profiler runs over the DevTools protocol, and the
 * inspector is closed again afterwards. Under load a process woken per request spends its time in
 * ways a profile of a warmed-up benchmark loop does not show (system calls, wake-ups), which is
 * why the bench profiles the stack as it runs rather than a service alone.
 */
export async function profileProcess(pid: number, seconds: number, { inspectorPort = 9229, intervalUs = 200, onStart }: ProfileOptions = {}): Promise<CpuProfile> {
  process.kill(pid, 'SIGUSR1');
  let target: { webSocketDebuggerUrl: string } | undefined;
  for (let attempt = 0; attempt < 50 && !target; attempt += 1) {
    const list = (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`).then((r) => r.json(), () => undefined)) as { webSocketDebuggerUrl: string }[] | undefined;
    target = list?.[0];
    if (!target) await sleep(100);
  }
  if (!target) throw new Error(`process ${pid} opened no inspector on port ${inspectorPort} (another process holding it?)`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  // A process that exits mid-profile never answers: everything waiting on it fails at once
  // instead (its calls, and the profile's duration), rather than waiting forever.
  const gone = new Error(`process ${pid} closed its inspector before the profile was taken (did it exit?)`);
  let onClose: () => void = () => {};
  const ended = new Promise<never>((_, reject) => (onClose = () => reject(gone)));
  ended.catch(() => {}); // awaited only in a race
  socket.once('close', () => onClose());
  socket.on('error', () => {}); // a reset connection also closes: 'close' reports it
  let nextId = 0;
  const pending = new Map<number, (result: any) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id === undefined) return;
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    Promise.race([
      ended,
      new Promise<any>((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    ]);
  const profiling = new AbortController();
  try {
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: intervalUs });
    await call('Profiler.start');
    onStart?.();
    await Promise.race([ended, sleep(seconds * 1000, undefined, { signal: profiling.signal })]);
    return (await call('Profiler.stop')).profile as CpuProfile;
  } finally {
    profiling.abort();
    // The inspector stays open after SIGUSR1 until the process closes it: close it, as it was.
    // Closing ends this session before any reply, so the socket's end is the answer.
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ id: ++nextId, method: 'Runtime.evaluate', params: { expression: "require('inspector').close()", includeCommandLineAPI: true } }));
      const gaveUp = new AbortController();
      await Promise.race([ended.catch(() => {}), sleep(2000, undefined, { signal: gaveUp.signal }).catch(() => {})]);
      gaveUp.abort();
      socket.close();
    }
  }
}

export interface ProfileSummary {
  /** Sampled time the process was not idle, ms. */
  busyMs: number;
  /** Self time by where the code is: a package under node_modules, a Node built-in, or a file of this repository's. */
  byPlace: { place: string; ms: number; share: number }[];
  /** Self time by function. */
  byFunction: { fn: string; ms: number; share: number }[];
}

/** Where a frame's code is: `ioredis`, `node:net`, `gateway/dist/send-answer.js`, or `(native)` (system calls, the VM). */
export function placeOf(url: string): string {
  if (!url) return '(native)';
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0]!;
  const own = /(?:^|\/)((?:gateway|projector|subgraphs\/[^/]+|packages\/[^/]+|bench|e2e)\/.*)$/.exec(url.replace(/^file:\/\//, ''));
  return own ? own[1]! : url;
}

/** Self time by place and by function, the `top` largest of each. */
export function summarizeProfile(profile: CpuProfile, top = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busyUs += us;
    const place = functionName === '(garbage collector)' ? '(gc)' : functionName === '(program)' ? '(program)' : placeOf(url);
    places.set(place, (places.get(place) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${placeOf(url)}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const ranked = <K extends string>(map: Map<string, number>, key: K) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ [key]: name, ms: Math.round(us / 100) / 10, share: busyUs > 0 ? Math.round((1000 * us) / busyUs) / 1000 : 0 }) as { [P in K]: string } & { ms: number; share: number });
  return { busyMs: Math.round(busyUs / 1000), byPlace: ranked(places, 'place'), byFunction: ranked(functions, 'fn') };
}
