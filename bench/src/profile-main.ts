// `npm run bench:profile -- --port 4002 --seconds 18`: a CPU profile of one running service,
// taken while whatever load you run beside it (`npm run bench`, say) runs. Prints where its busy
// time went and writes the profile for Chrome DevTools (Performance → Load profile).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { profileProcess, summarizeProfile } from './cpu-profile.ts';
import { listeningPids, procTable } from './proc-table.ts';
import { RESULTS_DIR } from './repo-root.ts';

const { values: args } = parseArgs({
  options: {
    pid: { type: 'string' },
    port: { type: 'string' },
    worker: { type: 'string' },
    seconds: { type: 'string', default: '15' },
    'inspector-port': { type: 'string', default: '9229' },
    top: { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});

function usage(problem: string): never {
  console.error(`profile: ${problem}
usage: npm run bench:profile -- (--port <service port> [--worker <n>] | --pid <pid>) [--seconds 15] [--out file.cpuprofile]
  --port     the process listening there (the gateway's port: its cluster primary; --worker 1 or 2 takes a worker)
  --inspector-port  where the process opens its inspector on SIGUSR1 (9229 unless started with --inspect-port)`);
  process.exit(1);
}

function targetPid(): number {
  if (args.pid) return Number(args.pid);
  if (!args.port) usage('say which process: --port or --pid');
  const port = Number(args.port);
  const [listener] = listeningPids([port]).get(port) ?? [];
  if (listener === undefined) usage(`nothing listens on port ${port}`);
  if (!args.worker) return listener;
  // Cluster workers share the primary's listening socket, so they hold it too: take the primary's children.
  const children = [...procTable().values()].filter((entry) => entry.ppid === listener).map((entry) => entry.pid).sort((a, b) => a - b);
  const worker = children[Number(args.worker) - 1];
  if (worker === undefined) usage(`the process on port ${port} has ${children.length} children, no worker ${args.worker}`);
  return worker;
}

const pid = targetPid();
const seconds = Number(args.seconds);
const profile = await profileProcess(pid, seconds, { inspectorPort: Number(args['inspector-port']), onStart: () => console.log(`profile: process ${pid} for ${seconds} s …`) });
const summary = summarizeProfile(profile, Number(args.top));
const out = args.out ?? `${RESULTS_DIR}profile-${pid}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`;
writeFileSync(out, JSON.stringify(profile));
console.log(`busy ${summary.busyMs} ms of ${seconds * 1000} (self time; "(native)" is system calls and the VM's own work)`);
console.table(summary.byPlace.map(({ place, ms, share }) => ({ place, ms, '%': +(share * 100).toFixed(1) })));
console.table(summary.byFunction.map(({ fn, ms, share }) => ({ function: fn, ms, '%': +(share * 100).toFixed(1) })));
console.log(`written ${out}`);
