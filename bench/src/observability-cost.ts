/**
 * `npm run bench:observability`: what metrics and tracing cost on the read path, measured in
 * one run. Starts its own display subgraph and gateway (no command side is needed to read:
 * documents are written straight into the read model under a prefix of its own) three times —
 * metrics and tracing off; metrics on; metrics on and tracing on, sampled at 10 % and exported
 * to a local OTLP sink — and times the same reads against each, in two interleaved rounds.
 *
 *   npm run bench:observability -- [--shops 2000] [--seconds 10] [--warmup 3] [--connections 32] [--rounds 2]
 *
 * Needs Redis (READ_MODEL_REDIS_URL, default redis://127.0.0.1:6379), not `npm start`. The load
 * generator shares the cores with the processes it measures: compare rows within a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { parseEnv } from '@shopgraph/config/env';
import { createRedis } from '@shopgraph/redis-client/redis';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createReadModelStore, readModelEnv } from '@shopgraph/read-model';
import { aShopDocument } from '@shopgraph/read-model/testing';
import { freePort } from '@shopgraph/testing/free-port';
import { deleteKeysWithPrefix, uniquePrefix } from '@shopgraph/testing/test-redis';
import { cacheCounters } from './gateway-processes.ts';
import { loadGenerator, pickLoadGenerator, type LoadRun } from './load-generator.ts';
import { SHOP, UNCACHED } from './shop-queries.ts';
import { REPO_ROOT, RESULTS_DIR } from './repo-root.ts';

const { values: args } = parseArgs({
  options: {
    shops: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
  },
});
// The read model's Redis as the display subgraph takes it; the prefix is this run's own.
const redisUrl = parseEnv(readModelEnv).READ_MODEL_REDIS_URL;
const prefix = uniquePrefix('bench-observability');
const secret = `bench-internal-${prefix}-0123456789abcdef`;
const run = loadGenerator(pickLoadGenerator());

/** A local OTLP/HTTP endpoint that accepts and drops spans (what a collector costs is not ours). */
async function startOtlpSink() {
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bytes: () => bytes, close: () => server.close() };
}

const CONFIGS = [
  { name: 'metrics off, tracing off', env: { METRICS: 'off' } },
  { name: 'metrics on, tracing off', env: {} },
  { name: 'metrics on, tracing on (10 % sampled)', env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }, tracing: true },
] as const;

async function startReadSide(env: Record<string, string>) {
  const [display, gateway, metrics] = [await freePort(), await freePort(), await freePort()];
  const common = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
    INTERNAL_TOKEN_SECRET: secret,
    READ_MODEL_REDIS_URL: redisUrl,
    READ_MODEL_PREFIX: prefix,
    DISPLAY_PORT: String(display),
    DISPLAY_URL: `http://127.0.0.1:${display}/graphql`,
    GATEWAY_PORT: String(gateway),
    GATEWAY_METRICS_PORT: String(metrics),
    GATEWAY_THROTTLES: 'false',
    ...env,
  };
  const children: ChildProcess[] = [
    spawn(process.execPath, ['subgraphs/display/dist/main.js'], { cwd: REPO_ROOT, env: common, stdio: ['ignore', 'ignore', 'inherit'] }),
    spawn(process.execPath, ['gateway/dist/main.js'], { cwd: REPO_ROOT, env: common, stdio: ['ignore', 'ignore', 'inherit'] }),
  ];
  const ready = async (url: string) => {
    for (let i = 0; i < 240; i += 1) {
      if (await fetch(url).then((r) => r.ok, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${url} not ready`);
  };
  await Promise.all([ready(`http://127.0.0.1:${display}/health`), ready(`http://127.0.0.1:${gateway}/health`)]);
  return {
    metricsUrl: `http://127.0.0.1:${metrics}/metrics`,
    gatewayUrl: `http://127.0.0.1:${gateway}/graphql`,
    displayUrl: `http://127.0.0.1:${display}/graphql`,
    async stop() {
      await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
    },
  };
}

const redis = createRedis(redisUrl, 'read-model');
const store = createReadModelStore({ redis, prefix });
const sink = await startOtlpSink();
const shopCount = Number(args.shops);
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const results: (LoadRun & { config: string; target: string; round: number; hitRatio: number | null })[] = [];
try {
  const ids = Array.from({ length: shopCount }, (_, i) => String(900_000 + i));
  for (let i = 0; i < ids.length; i += 200) {
    await store.writeMany(ids.slice(i, i + 200).map((id) => ({ id, document: aShopDocument({ id }), versions: { shop: 1, owner: 1, reviews: 0, deleted: false } })));
  }
  const bodies = ids.map((id) => JSON.stringify({ query: SHOP, variables: { id } }));
  const signed = { [IDENTITY_HEADER]: await createIdentityCodec(secret).sign(ANONYMOUS, 'display') };
  console.log(`bench: ${shopCount} documents; ${warmup} s warm-up + ${seconds} s per run, ${connections} connections, sharing ${os.cpus().length} cores`);
  for (let round = 1; round <= Number(args.rounds); round += 1) {
    for (const config of CONFIGS) {
      const side = await startReadSide({ ...config.env, ...('tracing' in config ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {}) });
      try {
        // The cached row reads 200 shops, so that the warm-up fills every worker's cache and the
        // row times hits (its hit ratio is printed): with all the shops it timed mostly misses.
        for (const [target, url, headers, targetBodies] of [
          ['gateway, response cache', side.gatewayUrl, {}, bodies.slice(0, 200)],
          ['gateway, uncached', side.gatewayUrl, UNCACHED, bodies],
          ['display subgraph direct', side.displayUrl, signed, bodies],
        ] as const) {
          await run({ url, bodies: targetBodies, headers, connections, seconds: warmup });
          const cached = target === 'gateway, response cache';
          const before = cached ? await cacheCounters(side.metricsUrl) : null;
          const result = await run({ url, bodies: targetBodies, headers, connections, seconds });
          const after = cached ? await cacheCounters(side.metricsUrl) : null;
          const hitRatio = before && after ? +((after.hits - before.hits) / (after.hits - before.hits + after.misses - before.misses)).toFixed(3) : null;
          if (result.errors > 0 || result.non2xx > 0) throw new Error(`${config.name} ${target}: ${result.errors} errors, ${result.non2xx} non-2xx`);
          console.log(
            `bench: round ${round} ${config.name.padEnd(40)} ${target.padEnd(24)} ${String(result.requestsPerSecond).padStart(7)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms${hitRatio === null ? '' : `  hit ratio ${hitRatio}`}`,
          );
          results.push({ config: config.name, target, round, hitRatio, ...result });
        }
      } finally {
        await side.stop();
      }
    }
  }
  console.log('\n| target | metrics off, tracing off | metrics on | metrics + tracing (10 %) |\n| --- | ---: | ---: | ---: |');
  for (const target of ['gateway, response cache', 'gateway, uncached', 'display subgraph direct']) {
    const cell = (config: string) => {
      const rows = results.filter((r) => r.config === config && r.target === target);
      const rate = Math.round(rows.reduce((sum, r) => sum + r.requestsPerSecond, 0) / rows.length);
      const p99 = Math.max(...rows.map((r) => r.p99Ms));
      return `${rate.toLocaleString('en')} req/s, p99 ≤ ${p99} ms`;
    };
    console.log(`| ${target} | ${CONFIGS.map((c) => cell(c.name)).join(' | ')} |`);
  }
  console.log(`\nspans exported to the sink: ${(sink.bytes() / 1024).toFixed(0)} KiB`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}observability-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, settings: args, results }, null, 2));
  console.log(`bench: written to ${file}`);
} finally {
  sink.close();
  await deleteKeysWithPrefix(prefix, redisUrl);
  redis.disconnect();
}
