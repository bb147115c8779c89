/**
 * `npm run bench`: the read path beside its baselines, write→read lag, projector
 * throughput, gateway memory and full rebuilds, in one run against the running stack
 * (`npm start` first). Prints tables and writes bench-results/<time>.json.
 *
 *   npm run bench -- [--shops 10000] [--seconds 10] [--warmup 3] [--connections 32]
 *                    [--write-rate 100] [--write-seconds 60] [--write-steps 50,100,150,200,300,400]
 *                    [--step-seconds 10] [--write-reads 100] [--cache-warmup 30] [--events 10000]
 *                    [--memory-requests 1000000] [--rebuild 10000,100000] [--idle-seconds 65]
 *                    [--clicks 1000] [--skip reads,floor,ads,write,probes,projector,memory,rebuild] [--keep]
 *                    [--gateway-url …:4000/graphql] [--owner-gateway-url …:4010/graphql]
 *
 * Data: `--shops` synthetic shops with full menus (8 items) are added to the command side
 * and projected first, and removed (with their documents) at the end. Reads pick ids at
 * random. Baselines, started by the bench on the same data: a monolithic Apollo Server
 * answering from PostgreSQL with one json_agg query per request, and a bare HTTP server
 * doing one Redis GET (the floor).
 *
 * The load generator (wrk, installed from Debian if missing; else autocannon) runs on the
 * same cores as the whole stack: figures compare with each other within one run; they
 * are not the capacity of a dedicated machine. So that runs on different machines can be told
 * apart, the floor's absolute figure is printed with every run (measured alone when the reads
 * are skipped, unless `--skip floor`), with the PostgreSQL settings the stack ran against.
 *
 * W5 (CPU per update) counts the stack's processes only (stack-processes.ts): the idle stack is
 * sampled for `--idle-seconds` first (default: the keeper's audit interval + 5 s, at least 65 s,
 * so its periodic work is in the idle rate; shorten it for quick runs), and the lag probes are
 * sent again alone after W1 and their cost taken off (`--skip probes` leaves them in: W5 is then
 * not judged). Beside it the bench prints what a bare Node HTTP server spends per request at
 * 100 and 1,000 requests/s on this machine (request-floor.ts): each process an update wakes pays that.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadProjectorConfig } from '@shopgraph/projector';
import { CONSUMERS } from '@shopgraph/events/consumers';
import { commonEnv, databaseEnv, parseEnv } from '@shopgraph/config/env';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { graphql } from '@shopgraph/operator-tools/graphql-client';
import { recoveryContext } from '@shopgraph/operator-tools/recovery-context';
import { cacheCounters } from './gateway-processes.ts';
import { measureAds } from './ads.ts';
import { measureFullRebuilds } from './full-rebuild.ts';
import { measureGatewayMemory } from './gateway-memory.ts';
import { loadGenerator, pickLoadGenerator, type LoadRun } from './load-generator.ts';
import { measureProjectorThroughput } from './projector-throughput.ts';
import { postgresSettings } from './postgres-settings.ts';
import { procTable } from './proc-table.ts';
import { describeRequestFloor, measureRequestFloor, type RequestFloor } from './request-floor.ts';
import { SHOP, SHOPS, UNCACHED } from './shop-queries.ts';
import { stackProbe } from './stack-processes.ts';
import { startBaseline } from './start-baseline.ts';
import { shuffled } from './stats.ts';
import { addSyntheticShops, benchOwners, ownerIndexOf, removeSyntheticShops, SYNTHETIC_FROM } from './synthetic-shops.ts';
import { targetRows, type ReadRow } from './targets.ts';
import { measureWritePath, summary } from './write-path.ts';
import { REPO_ROOT, RESULTS_DIR } from './repo-root.ts';
import { monitorRedis } from '@shopgraph/testing/redis-monitor';

const { values: args } = parseArgs({
  options: {
    shops: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    /** W1: updates per second and how long. */
    'write-rate': { type: 'string', default: '100' },
    'write-seconds': { type: 'string', default: '60' },
    /** W2's rates, stepped up until one fails; each step (and W3) runs this long. */
    'write-steps': { type: 'string', default: '50,100,150,200,300,400' },
    'step-seconds': { type: 'string', default: '10' },
    /** Customer shop(id) reads per second beside the W1 and W3 writes. */
    'write-reads': { type: 'string', default: '100' },
    /** Warm-up of the cached runs: long enough for every worker's cache to see most ids. */
    'cache-warmup': { type: 'string', default: '30' },
    events: { type: 'string', default: '10000' },
    'memory-requests': { type: 'string', default: '1000000' },
    rebuild: { type: 'string', default: '10000,100000' },
    /** How long the idle stack is sampled before W1; default: the keeper's audit interval + 5 s, at least 65 s. */
    'idle-seconds': { type: 'string' },
    skip: { type: 'string', default: '' },
    /** Issue 19's click burst: concurrent clicks on one campaign. */
    clicks: { type: 'string', default: '1000' },
    /** Leaves the synthetic shops in place afterwards (for profiling against them). */
    keep: { type: 'boolean', default: false },
    /** Where the stack under test answers: `npm start`'s ports unless given. */
    'gateway-url': { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
    /** Where owners' updates go: `npm start`'s owners' gateway; a stack with one gateway passes --gateway-url's. */
    'owner-gateway-url': { type: 'string', default: 'http://127.0.0.1:4010/graphql' },
    'gateway-metrics-url': { type: 'string', default: 'http://127.0.0.1:9464/metrics' },
    'display-url': { type: 'string', default: 'http://127.0.0.1:4004/graphql' },
  },
});
const skip = new Set(args.skip.split(',').filter(Boolean));
const GATEWAY_URL = args['gateway-url'];
const OWNER_GATEWAY_URL = args['owner-gateway-url'];
const GATEWAY_METRICS_URL = args['gateway-metrics-url'];
const DISPLAY_URL = args['display-url'];
const MONOLITH_URL = 'http://127.0.0.1:4101/graphql';
const FLOOR_URL = 'http://127.0.0.1:4102/';
const REQUEST_FLOOR_URL = 'http://127.0.0.1:4103/';
const { DATABASE_URL } = parseEnv(databaseEnv);
const connections = Number(args.connections);
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const shopCount = Number(args.shops);
/** The ports the stack's services listen on, for a stack not started by `npm start` (PROJECTORS=N adds 4105, 4106, …). */
const SERVICE_PORTS: Record<number, string> = {
  4001: 'owner',
  4002: 'shop',
  4003: 'review',
  4004: 'display',
  4005: 'projector',
  4006: 'search',
  4007: 'ads',
  4008: 'ads-serving',
  ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [4105 + i, 'projector'])),
};
const portOf = (url: string, fallback: number) => Number(new URL(url).port || fallback);


/** A GraphQL error still answers 200: check that a target really answers data before timing it. */
async function checkAnswers(name: string, url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const sample = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  const value = sample.data && Object.values(sample.data)[0];
  if (sample.errors?.length || !value || (Array.isArray(value) && value.some((v) => v === null))) {
    throw new Error(`${name}: ${JSON.stringify(sample).slice(0, 300)}`);
  }
}

/**
 * Read-model document reads (`MGET`, `GET`) per uncached `shops(20 ids)` through the gateway,
 * seen through MONITOR and counted only when they name a shop document: INFO commandstats
 * counted every GET on the server (the keepers' generation markers, the ads store), which
 * charged background work to the requests.
 */
async function redisCallsPerBulkRead(redisUrl: string, prefix: string, bodies: readonly string[], requests = 200) {
  const documentKey = `${prefix}:shop:{`;
  const nodes = redisUrl.split(',').map((url) => (url.includes('://') ? url : `redis://${url}`));
  const monitors = await Promise.all(
    nodes.map((url) => monitorRedis(url, (args) => ['mget', 'get'].includes(args[0]!.toLowerCase()) && args.slice(1).some((arg) => arg.startsWith(documentKey)))),
  );
  try {
    for (let i = 0; i < requests; i += 1) {
      await fetch(GATEWAY_URL, { method: 'POST', headers: { 'content-type': 'application/json', ...UNCACHED }, body: bodies[i % bodies.length] });
    }
  } finally {
    for (const monitor of monitors) monitor.stop();
  }
  const count = (command: string) => monitors.reduce((n, monitor) => n + monitor.commands.filter((args) => args[0]!.toLowerCase() === command).length, 0);
  return { requests, mgetPerRequest: count('mget') / requests, getPerRequest: count('get') / requests };
}

const recovery = recoveryContext();
const projectorConfig = loadProjectorConfig();
const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
const generator = pickLoadGenerator();
const run = loadGenerator(generator);
const started = new Date();
const report: Record<string, unknown> = {
  date: started.toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  loadGenerator: `${generator}, 1 thread, ${connections} connections, on the same cores as the stack`,
  settings: { shops: shopCount, seconds, warmup, connections },
  postgres: await postgresSettings(db),
};
const idleSeconds = Number(args['idle-seconds'] ?? Math.max(65, Math.ceil(projectorConfig.keeper.auditIntervalMs / 1000) + 5));
const stack = stackProbe({
  gatewayPort: portOf(GATEWAY_URL, 80),
  servicePorts: SERVICE_PORTS,
  postgresPort: portOf(DATABASE_URL, 5432),
  database: (report.postgres as { database: string }).database,
  // A cluster's URL may list several seed nodes.
  redisPorts: [...new Set([projectorConfig.queueRedisUrl, projectorConfig.readModelRedisUrl].flatMap((url) => url.split(',')).map((url) => portOf(url.includes('://') ? url : `redis://${url}`, 6379)))],
  db,
});
const baselines: ChildProcess[] = [];

async function project(ids: string[]) {
  await recovery.rebuilder.rebuildIds(ids, (r) => process.stdout.write(`\rbench: projected ${r.checked.toLocaleString('en')} synthetic shops`));
  console.log('');
}

async function cleanUp() {
  const removed = await removeSyntheticShops(db, recovery.rebuilder);
  if (removed > 0) console.log(`bench: removed ${removed.toLocaleString('en')} synthetic shops`);
}

/** Each process's share of the CPU the processes used between two readings (seconds by pid), in %, largest first. */
function cpuSplit(before: Map<number, number>, after: Map<number, number>): number[] {
  const used = [...after].map(([pid, seconds]) => seconds - (before.get(pid) ?? seconds));
  const total = used.reduce((sum, seconds) => sum + seconds, 0) || 1;
  return used.map((seconds) => Math.round((100 * seconds) / total)).sort((a, b) => b - a);
}

// Checked first: the write path comes after minutes of reads.
if (!skip.has('write')) {
  const ownerGatewayUp = await fetch(OWNER_GATEWAY_URL.replace(/\/graphql$/, '/ready')).then((response) => response.ok, () => false);
  if (!ownerGatewayUp) {
    console.error(`bench: no owners' gateway ready at ${OWNER_GATEWAY_URL} (npm start runs one on :4010); for a stack with one gateway pass --owner-gateway-url ${GATEWAY_URL}`);
    process.exit(1);
  }
}

try {
  await cleanUp();
  const owners = await benchOwners((query, variables) => graphql(GATEWAY_URL, query, variables));
  await addSyntheticShops(db, 0, shopCount, owners.map((o) => o.id));
  const ids = Array.from({ length: shopCount }, (_, i) => String(SYNTHETIC_FROM + i));
  await project(ids);
  console.log(`bench: ${shopCount.toLocaleString('en')} shops; ${generator} with ${connections} connections, ${warmup} s warm-up + ${seconds} s per run, sharing ${os.cpus().length} cores with the stack`);

  /** The stack's gateway processes and the CPU each has used so far (seconds), from one reading of /proc. */
  const gatewayCpu = async () => {
    const table = procTable();
    const parts = await stack.classify(table);
    return new Map([...parts].filter(([, part]) => part === 'gateway').map(([pid]) => [pid, table.get(pid)?.cpuSeconds ?? 0]));
  };
  const gatewayPids = async () => [...(await gatewayCpu()).keys()];
  if (!skip.has('reads')) {
    baselines.push(await startBaseline('bench/src/baselines/monolith.ts', MONOLITH_URL, { env: { DATABASE_URL } }), await startBaseline('bench/src/baselines/redis-floor.ts', FLOOR_URL));
    const one = ids.map((id) => JSON.stringify({ query: SHOP, variables: { id } }));
    // 2,000 different sets of 20 random ids: a bulk read of a listing repeats, but not often.
    // Distinct ids within a request: shops(ids) refuses a repeated id.
    const many = Array.from({ length: 2000 }, () => JSON.stringify({ query: SHOPS, variables: { ids: shuffled(ids).slice(0, 20) } }));
    const reads: (LoadRun & { read: string; target: string; hitRatio: number | null; gatewayCpuSplit?: number[] })[] = [];
    const measure = async (read: string, target: string, url: string, bodies: string[], headers: Record<string, string> = {}, cached = false) => {
      await checkAnswers(`${read} ${target}`, url, bodies[0]!, headers);
      process.stdout.write(`bench: ${read} ${target} …`);
      await run({ url, bodies, headers, connections, seconds: cached ? Number(args['cache-warmup']) : warmup });
      const before = cached ? await cacheCounters(GATEWAY_METRICS_URL) : null;
      const cpuBefore = cached ? await gatewayCpu() : null;
      const result = await run({ url, bodies, headers, connections, seconds });
      const after = cached ? await cacheCounters(GATEWAY_METRICS_URL) : null;
      const hitRatio = before && after ? +((after.hits - before.hits) / (after.hits - before.hits + after.misses - before.misses)).toFixed(3) : null;
      // How the gateway's processes shared the row's work (% of their CPU, largest first): the workers take connections themselves, and one holding most of them caps the row at one core.
      const gatewayCpuSplit = cpuBefore ? cpuSplit(cpuBefore, await gatewayCpu()) : undefined;
      console.log(` ${result.requestsPerSecond} req/s, p99 ${result.p99Ms} ms${hitRatio === null ? '' : `, hit ratio ${hitRatio}`}${gatewayCpuSplit ? `, gateway CPU split ${gatewayCpuSplit.join('/')} %` : ''}`);
      reads.push({ read, target, hitRatio, gatewayCpuSplit, ...result });
    };
    await measure('shop(id)', 'gateway, response cache', GATEWAY_URL, one, {}, true);
    await measure('shop(id)', 'gateway, uncached', GATEWAY_URL, one, UNCACHED);
    // The display subgraph answers requests signed by the platform only, as the gateway signs them (valid 5 minutes).
    const signed = async () => ({ [IDENTITY_HEADER]: await createIdentityCodec(parseEnv(commonEnv).INTERNAL_TOKEN_SECRET).sign(ANONYMOUS, 'display') });
    await measure('shop(id)', 'display subgraph direct', DISPLAY_URL, one, await signed());
    await measure('shop(id)', 'monolith (PostgreSQL)', MONOLITH_URL, one);
    await measure('shop(id)', 'floor (one Redis GET)', FLOOR_URL, one);
    await measure('shops(20 ids)', 'gateway, response cache', GATEWAY_URL, many, {}, true);
    await measure('shops(20 ids)', 'gateway, uncached', GATEWAY_URL, many, UNCACHED);
    await measure('shops(20 ids)', 'display subgraph direct', DISPLAY_URL, many, await signed());
    await measure('shops(20 ids)', 'monolith (PostgreSQL)', MONOLITH_URL, many);
    const rate = (read: string, target: string) => reads.find((r) => r.read === read && r.target === target)?.requestsPerSecond ?? NaN;
    report.reads = reads.map((r) => ({
      ...r,
      vsMonolith: +(r.requestsPerSecond / rate(r.read, 'monolith (PostgreSQL)')).toFixed(2),
      vsFloor: r.read === 'shop(id)' ? +(r.requestsPerSecond / rate('shop(id)', 'floor (one Redis GET)')).toFixed(2) : null,
    }));
    report.redisPerBulkRead = await redisCallsPerBulkRead(projectorConfig.readModelRedisUrl, projectorConfig.readModelPrefix, many);
    for (const child of baselines.splice(0)) child.kill();
  } else if (!skip.has('floor')) {
    // The machine's yardstick, so that a run without the reads can still be placed.
    baselines.push(await startBaseline('bench/src/baselines/redis-floor.ts', FLOOR_URL));
    const one = ids.map((id) => JSON.stringify({ query: SHOP, variables: { id } }));
    process.stdout.write('bench: shop(id) floor (one Redis GET) …');
    await run({ url: FLOOR_URL, bodies: one, connections, seconds: warmup });
    const result = await run({ url: FLOOR_URL, bodies: one, connections, seconds });
    console.log(` ${result.requestsPerSecond} req/s, p99 ${result.p99Ms} ms`);
    report.reads = [{ read: 'shop(id)', target: 'floor (one Redis GET)', hitRatio: null, ...result, vsMonolith: null, vsFloor: 1 }];
    for (const child of baselines.splice(0)) child.kill();
  }

  if (!skip.has('ads')) {
    report.ads = await measureAds({
      gatewayUrl: GATEWAY_URL,
      shops: ids.slice(0, 20).map((id) => ({ id, token: owners[ownerIndexOf(id)]!.token })),
      run,
      connections,
      seconds,
      warmup,
      clicks: Number(args.clicks),
    });
  }

  if (!skip.has('write')) {
    // W5's yardstick, as the floor is the read rows': what a request costs a process that does nothing with it.
    const bare = await startBaseline('bench/src/baselines/bare-http.ts', REQUEST_FLOOR_URL);
    try {
      console.log("bench: a bare Node HTTP server's CPU per request, at 100 and 1,000 requests/s …");
      report.requestFloor = await measureRequestFloor({ url: REQUEST_FLOOR_URL, pid: bare.pid!, rates: [100, 1000], seconds: 8 });
      console.log(`bench: request floor (this machine): ${describeRequestFloor(report.requestFloor as RequestFloor)}`);
    } finally {
      bare.kill();
    }
    report.write = await measureWritePath({
      db,
      gatewayUrl: GATEWAY_URL,
      ownerGatewayUrl: OWNER_GATEWAY_URL,
      readModelRedisUrl: projectorConfig.readModelRedisUrl,
      readModelPrefix: projectorConfig.readModelPrefix,
      queueRedisUrl: projectorConfig.queueRedisUrl,
      queuePrefix: projectorConfig.queuePrefix,
      shops: shuffled(ids).map((id) => ({ id, token: owners[ownerIndexOf(id)]!.token })),
      recovery,
      rate: Number(args['write-rate']),
      seconds: Number(args['write-seconds']),
      steps: args['write-steps'].split(',').map(Number),
      stepSeconds: Number(args['step-seconds']),
      readsPerSecond: Number(args['write-reads']),
      stack,
      idleSeconds,
      replayProbes: !skip.has('probes'),
    });
  }

  if (!skip.has('projector')) {
    const events = Math.min(Number(args.events), ids.length);
    console.log(`bench: projector throughput, ${events.toLocaleString('en')} events over as many shops …`);
    report.projector = await measureProjectorThroughput({
      db,
      store: recovery.store,
      queueRedisUrl: projectorConfig.queueRedisUrl,
      queuePrefix: projectorConfig.queuePrefix,
      shopIds: shuffled(ids).slice(0, events),
    });
  }

  if (!skip.has('memory')) {
    const requests = Number(args['memory-requests']);
    console.log(`bench: gateway memory over ${requests.toLocaleString('en')} shop(id) reads …`);
    const one = ids.map((id) => JSON.stringify({ query: SHOP, variables: { id } }));
    report.memory = await measureGatewayMemory(run, { url: GATEWAY_URL, bodies: one, connections }, requests, undefined, gatewayPids);
  }

  if (!skip.has('rebuild')) {
    report.rebuild = await measureFullRebuilds(db, recovery.rebuilder, shopCount, args.rebuild.split(',').map(Number), owners.map((o) => o.id));
  }
} finally {
  for (const child of baselines) child.kill();
  if (!args.keep) await cleanUp();
  await recovery.close();
  await db.end();
}

const reads = report.reads as ReadRow[] | undefined;
const write = report.write as Awaited<ReturnType<typeof measureWritePath>> | undefined;
const projector = report.projector as Awaited<ReturnType<typeof measureProjectorThroughput>> | undefined;
const memory = report.memory as Awaited<ReturnType<typeof measureGatewayMemory>> | undefined;
const rebuild = report.rebuild as Awaited<ReturnType<typeof measureFullRebuilds>> | undefined;
const bulk = report.redisPerBulkRead as { mgetPerRequest: number; getPerRequest: number } | undefined;

console.log(`\nshopgraph bench, ${started.toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);
console.log(`load: ${report.loadGenerator as string}; ${shopCount.toLocaleString('en')} shops, random ids`);
const floorRow = reads?.find((r) => r.target === 'floor (one Redis GET)');
console.log(`floor (one Redis GET over HTTP, this machine): ${floorRow ? `${floorRow.requestsPerSecond} req/s, p99 ${floorRow.p99Ms} ms` : 'not measured (--skip reads,floor)'}`);
const pgSettings = report.postgres as Awaited<ReturnType<typeof postgresSettings>>;
console.log(
  `PostgreSQL ${pgSettings.server_version}, database ${pgSettings.database}: autovacuum ${pgSettings.autovacuum}, shared_buffers ${pgSettings.shared_buffers}, synchronous_commit ${pgSettings.synchronous_commit}, fsync ${pgSettings.fsync}` +
    // Production runs with autovacuum on; without it the outbox's and the bench's dead rows stay, and PostgreSQL's share grows run by run.
    (pgSettings.autovacuum === 'off' ? ' (autovacuum off: not as production runs; dead rows pile up between runs)' : '') +
    (pgSettings.fsync === 'off' || pgSettings.synchronous_commit === 'off' ? ' (commits not flushed: PostgreSQL cheaper than in production)' : ''),
);
if (reads && reads.length > 1) {
  console.table(
    reads.map((r) => ({
      read: r.read,
      target: r.target,
      'req/s': r.requestsPerSecond,
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      'hit ratio': r.hitRatio ?? '',
      '× monolith': r.vsMonolith,
      '× floor': r.vsFloor ?? '',
      errors: r.errors + r.non2xx,
    })),
  );
}
if (bulk) console.log(`read-model commands per uncached shops(20 ids) through the gateway: ${bulk.mgetPerRequest.toFixed(2)} MGET, ${bulk.getPerRequest.toFixed(2)} GET`);
if (write) {
  console.log(`W1 ${write.w1.targetPerSecond} updates/s for ${write.w1.seconds} s over ${write.w1.updates} distinct shops of 5 owners: ${summary(write.w1)}`);
  const cpu = write.w1.cpu;
  const parts = (perPart: Record<string, number>) => Object.entries(perPart).map(([part, ms]) => `${part} ${ms}${cpu.processes[part] && cpu.processes[part] > 1 ? ` (${cpu.processes[part]} processes)` : ''}`).join(', ') || 'none';
  console.log(`W5 CPU per update: ${cpu.totalMs} ms in all; ${parts(cpu.perPartMs)}`);
  console.log(`W5 counted: ${cpu.counted}; idle sampled ${cpu.idle.seconds} s, taken off over the ${cpu.windowSeconds} s of W1 and its drain`);
  console.log(`W5 apart, per update, not in the sum: ${parts(cpu.apartMs)}`);
  for (const [part, what] of Object.entries(cpu.apart)) if (part in cpu.apartMs) console.log(`    ${part}: ${what}`);
  if (cpu.probes) {
    console.log(
      `W5 lag probes, measured alone (${cpu.probes.probes.toLocaleString('en')} probes, ${Object.entries(cpu.probes.byCache).map(([k, n]) => `${n} ${k}`).join(', ')}; in W1 ${Object.entries(write.w1.probes.byCache).map(([k, n]) => `${n} ${k}`).join(', ')}): ` +
        `${cpu.probes.cpu.totalMs} ms per update (${cpu.probes.cpuPerProbeMs} ms per probe), taken off; with them W5 would be ${cpu.withProbesMs} ms`,
    );
  } else console.log(`W5 includes the lag probes' cost (--skip probes): ${write.w1.probes.sent} probes`);
  for (const run of write.w2.runs) console.log(`W2 step ${run.targetPerSecond}/s: ${summary(run)}`);
  console.log(`W2 highest rate with no failed update and lag p99 ≤ 1 s: ${write.w2.sustainedPerSecond}/s`);
  console.log(`W3 ${write.w3.targetPerSecond}/s: ${summary(write.w3)}; ${write.w3.refusalsWithoutRetryAfter} refusals without Retry-After; refusals ≥ 1 s by answer ${JSON.stringify(write.w3.slowRefusals)}; after the storm ${write.w3.driftedAfter} of ${write.w3.checkedAfter} documents drifted`);
}
if (projector) {
  console.log(`projector: ${projector.events} events drained in ${projector.seconds} s = ${projector.eventsPerSecond} events/s (sampled documents behind: ${projector.sampledDocumentsBehind})`);
  console.log(`search indexer: the same events drained in ${projector.search.seconds} s = ${projector.search.eventsPerSecond} events/s`);
}
if (memory) console.log(`gateway RSS over ${memory.requests.toLocaleString('en')} requests (${memory.processes} processes): before ${memory.beforeMb.join(' + ')} MB, after ${memory.afterMb.join(' + ')} MB; largest process ${memory.largestProcessMb} MB`);
if (rebuild) for (const r of rebuild) console.log(`full rebuild: ${r.shops.toLocaleString('en')} shops in ${r.seconds} s`);

const ads = report.ads as Awaited<ReturnType<typeof measureAds>> | undefined;
const requestFloor = report.requestFloor as RequestFloor | undefined;
const targetTable = targetRows({ reads, bulk, write, requestFloor, projector, memory, rebuild, ads });
report.targetTable = targetTable;
// As before (one verdict per target), with the issue 18 targets added.
report.targets = Object.fromEntries(targetTable.map((t) => [t.target, t.verdict]));
console.log('\ntargets (issues 5, 10, 18, 19):');
for (const t of targetTable) console.log(`  ${t.target.padEnd(13)} ${t.verdict.padEnd(12)} ${t.figure}\n  ${''.padEnd(27)}aim: ${t.aim}`);

mkdirSync(RESULTS_DIR, { recursive: true });
const file = `${RESULTS_DIR}${started.toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify(report, null, 2));
console.log(`written ${file}`);
