import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './repo-root.ts';

/**
 * Starts one of `src/baselines/` (a script path from the repository's root) and resolves once
 * it answers a POST at `url`. The baseline ends with the bench however the bench ends: it
 * holds an IPC channel to the bench and exits when that closes (`exit-with-bench.ts`, as the
 * customer reads' process does). Killed by a signal, the bench used to leave its monolith and
 * floor servers running on their ports.
 */
export function startBaseline(script: string, url: string, { args = [], env = {} }: { args?: string[]; env?: Record<string, string> } = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, ...env } });
  // The channel is the baseline's, to notice the bench is gone: it must not keep the bench running.
  child.channel?.unref();
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 20_000;
    const poll = async () => {
      const up = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then(() => true, () => false);
      if (up) resolve(child);
      else if (Date.now() > deadline) reject(new Error(`${script} did not start`));
      else setTimeout(poll, 200);
    };
    void poll();
  });
}
