#!/usr/bin/env node
// `npm start`: prepares everything (Prisma client, migrations, supergraph, build), runs
// every service with prefixed logs, loads the demo data into an empty database, and
// stops everything cleanly on Ctrl-C.
import { spawnSync } from 'node:child_process';
import concurrently from 'concurrently';

process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
process.env.TURBO_TELEMETRY_DISABLED ??= '1';
// A development stack: the demo data's sign-ups and reviews all come from this machine's
// one address, which the production throttles (10 reviews a minute) would slow to minutes.
process.env.THROTTLE_REVIEW_PER_ADDRESS ??= '1000/60';
process.env.THROTTLE_SIGNUP_PER_ADDRESS ??= '1000/3600';
// `npm run bench:search` runs its thousands of searches from this one address too.
process.env.THROTTLE_SEARCH_PER_ADDRESS ??= '1000000/60';
// And `npm run bench`'s 1,000 concurrent ad clicks.
process.env.THROTTLE_AD_CLICK_PER_ADDRESS ??= '1000000/60';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`start: \`${command} ${args.join(' ')}\` failed`);
    process.exit(result.status ?? 1);
  }
}

// The preflight reads the settings with the services' own parsers (@shopgraph/events and
// @shopgraph/redis-client, with @shopgraph/config under both): built first (seconds; turbo's
// cache makes the full build below skip them), imported only then.
run('npx', ['turbo', 'run', 'build', '--filter=@shopgraph/events', '--filter=@shopgraph/redis-client', '--output-logs=errors-only']);
const { preflight } = await import('./lib/preflight.mjs');
const { parseEnv, port: portSetting, positiveInt } = await import('@shopgraph/config/env');
// The services' own defaults for what start prints, and the one variable only npm start reads:
// PROJECTORS=3 npm start runs more projector processes on the same queues (the first on
// PROJECTOR_PORT 4005, the others on 4105, 4106, …); versioned writes keep them correct.
// OWNER_GATEWAY_PORT and OWNER_GATEWAY_METRICS_PORT: the owners' gateway (below).
const settings = parseEnv({
  GATEWAY_PORT: portSetting(4000),
  GATEWAY_METRICS_PORT: portSetting(9464),
  OWNER_GATEWAY_PORT: portSetting(4010),
  OWNER_GATEWAY_METRICS_PORT: portSetting(9465),
  PROJECTOR_PORT: portSetting(4005),
  PROJECTORS: positiveInt(1),
});
if (settings.PROJECTORS > 16) {
  console.error('start: PROJECTORS must be a whole number from 1 to 16');
  process.exit(1);
}
const GATEWAY = `http://127.0.0.1:${settings.GATEWAY_PORT}`;
const OWNER_GATEWAY = `http://127.0.0.1:${settings.OWNER_GATEWAY_PORT}`;
const projectorPorts = Array.from({ length: settings.PROJECTORS }, (_, i) => (i === 0 ? settings.PROJECTOR_PORT : 4104 + i));
const problems = await preflight();
if (problems.length > 0) {
  for (const problem of problems) console.error(`start: ${problem}`);
  process.exit(1);
}

run('npm', ['run', 'build']);
run('npm', ['run', 'db:migrate']);

// exec: the shell concurrently starts hands over to node, so signals reach the service itself.
const node = 'exec node';
const services = [
  { name: 'owner', command: `${node} subgraphs/owner/dist/main.js`, prefixColor: 'blue' },
  { name: 'shop', command: `${node} subgraphs/shop/dist/main.js`, prefixColor: 'green' },
  { name: 'review', command: `${node} subgraphs/review/dist/main.js`, prefixColor: 'yellow' },
  { name: 'display', command: `${node} subgraphs/display/dist/main.js`, prefixColor: 'magenta' },
  ...projectorPorts.map((port, i) => ({
    name: i === 0 ? 'projector' : `projector${i + 1}`,
    command: `${node} projector/dist/main.js`,
    env: { PROJECTOR_PORT: String(port) },
    prefixColor: 'cyan',
  })),
  { name: 'search', command: `${node} subgraphs/search/dist/main.js`, prefixColor: 'red' },
  { name: 'ads', command: `${node} subgraphs/ads/dist/main.js`, prefixColor: 'greenBright' },
  { name: 'ads-serving', command: `${node} subgraphs/ads-serving/dist/main.js`, prefixColor: 'yellowBright' },
  { name: 'gateway', command: `${node} gateway/dist/main.js`, prefixColor: 'white' },
  // The same gateway for the owners' dashboard, in processes of its own (a bulkhead): past
  // saturation the owners' writes queue in its worker, not in the workers that answer the
  // customers' cached reads (W3 in docs/benchmarks.md). Owners' own answers are never cached and
  // their previews are few, so it keeps no response cache (the dashboard's live publish state
  // and preview still stream from it); one worker is plenty for owners' traffic.
  {
    name: 'owner-gateway',
    command: `${node} gateway/dist/main.js`,
    env: {
      GATEWAY_PORT: String(settings.OWNER_GATEWAY_PORT),
      GATEWAY_METRICS_PORT: String(settings.OWNER_GATEWAY_METRICS_PORT),
      GATEWAY_WORKERS: '1',
      GATEWAY_RESPONSE_CACHE: 'false',
    },
    prefixColor: 'whiteBright',
  },
];
const { result, commands } = concurrently(services, { prefix: 'name', killOthersOn: ['failure'], killSignal: 'SIGTERM' });
// Ctrl-C in a terminal reaches every process of the group; a SIGTERM sent to this
// process alone (a supervisor, `timeout`) must be passed on to the services.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const command of commands) command.kill(signal);
  });
}

async function ready(url) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready after 60 s`);
}

try {
  const ports = [4001, 4002, 4003, 4004, ...projectorPorts, 4006, 4007, 4008].map((p) => `http://127.0.0.1:${p}/ready`);
  await Promise.all([...ports, `${GATEWAY}/ready`, `${OWNER_GATEWAY}/ready`].map(ready));
  const seed = spawnSync('npx', ['tsx', 'operator-tools/src/seed.ts'], { stdio: 'inherit' });
  if (seed.status !== 0) console.error('start: seeding failed (the services keep running)');
  const local = (port, path) => `http://127.0.0.1:${port}${path}`;
  console.log(
    [
      '',
      `  shopgraph is up`,
      `    GraphQL + Apollo Sandbox  ${GATEWAY}/graphql  (open it in a browser)`,
      `    owner dashboard           ${OWNER_GATEWAY}/dashboard/  (the owners' gateway: the same API on ${OWNER_GATEWAY}/graphql, for owners; schema explorer, works offline: ${OWNER_GATEWAY}/dashboard/explorer)`,
      `    demo owner log-in         kim@shopgraph.dev / demo-password  (mutation logIn)`,
      `    queue board               ${local(4005, '/admin/queues')}  (sign in with ADMIN_TOKEN; development default: dev-admin-token-change-me)`,
      `    metrics                   ${local(settings.GATEWAY_METRICS_PORT, '/metrics')} (gateway), ${local(settings.OWNER_GATEWAY_METRICS_PORT, '/metrics')} (owners' gateway), ${local('4001…4008', '/metrics')} (each service)`,
      `    traces                    off; set OTEL_EXPORTER_OTLP_ENDPOINT to an OTLP/HTTP collector (docs/operations.md: One change, one trace)`,
      `  Ctrl-C stops everything.`,
      '',
    ].join('\n'),
  );
} catch (error) {
  console.error(`start: ${error.message}`);
}

await result.then(
  () => process.exit(0),
  () => process.exit(0), // Ctrl-C ends every service; that is a normal stop
);
