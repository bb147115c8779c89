import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { freePort } from '@shopgraph/testing/free-port';
import { TEST_PASSWORD_HASH_COST } from '@shopgraph/testing/test-password-hash-cost';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createReadModelStore } from '@shopgraph/read-model';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SERVICES = {
  owner: 'subgraphs/owner/dist/main.js',
  shop: 'subgraphs/shop/dist/main.js',
  review: 'subgraphs/review/dist/main.js',
  display: 'subgraphs/display/dist/main.js',
  projector: 'projector/dist/main.js',
  search: 'subgraphs/search/dist/main.js',
  ads: 'subgraphs/ads/dist/main.js',
  'ads-serving': 'subgraphs/ads-serving/dist/main.js',
  gateway: 'gateway/dist/main.js',
} as const;

/** A service; `projector2`, `projector3`… are further projectors on the same queues. */
export type ServiceName = keyof typeof SERVICES | `projector${number}`;

export interface StackOptions {
  label: string;
  /** Redis for queues and read model; the shared test Redis by default. */
  redisUrl?: string;
  /** A migrated database; a fresh copy of the test template by default. */
  databaseUrl?: string;
  /** Settings over the defaults below, for every service. */
  env?: Record<string, string>;
  /** Projector processes on the same queues. @default 1 */
  projectors?: number;
}

/**
 * The real services as separate processes on spare ports, with a database and a
 * key prefix of their own: what `npm start` runs, minus the demo data.
 */
export async function startStack({ label, redisUrl = TEST_REDIS_URL, databaseUrl, env: overrides = {}, projectors = 1 }: StackOptions) {
  const db: Pick<TestDatabase, 'url' | 'drop'> = databaseUrl ? { url: databaseUrl, drop: async () => {} } : await createTestDatabase(label);
  const prefix = uniquePrefix(label);
  const names: ServiceName[] = [...(Object.keys(SERVICES) as ServiceName[]), ...Array.from({ length: projectors - 1 }, (_, i) => `projector${i + 2}` as const)];
  const ports = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()] as const))) as Record<ServiceName, number>;
  const script = (name: ServiceName) => (name.startsWith('projector') ? SERVICES.projector : SERVICES[name as keyof typeof SERVICES]);
  const url = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
    DATABASE_URL: db.url,
    QUEUE_REDIS_URL: redisUrl,
    READ_MODEL_REDIS_URL: redisUrl,
    THROTTLE_REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    READ_MODEL_PREFIX: prefix,
    THROTTLE_PREFIX: prefix,
    INTERNAL_TOKEN_SECRET: `e2e-internal-${prefix}`,
    // Apart from the gateway's, as in production: the gateway process never needs it.
    SERVICE_TOKEN_SECRET: `e2e-service-${prefix}`,
    JWT_SECRET: `e2e-jwt-secret-${prefix}`,
    OWNER_PORT: String(ports.owner),
    SHOP_PORT: String(ports.shop),
    REVIEW_PORT: String(ports.review),
    DISPLAY_PORT: String(ports.display),
    PROJECTOR_PORT: String(ports.projector),
    SEARCH_PORT: String(ports.search),
    ADS_PORT: String(ports.ads),
    ADS_SERVING_PORT: String(ports['ads-serving']),
    ADS_REDIS_URL: redisUrl,
    ADS_STORE_PREFIX: prefix,
    // The suite signs up and logs in owners by the thousand.
    PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST,
    // Tests move the ads processes' clocks (POST /test/clock) instead of waiting for schedules and days.
    ADS_TEST_CLOCK: 'true',
    GATEWAY_PORT: String(ports.gateway),
    // One worker keeps the suite light on 2 cores; its primary's metrics port must not clash.
    GATEWAY_WORKERS: '1',
    GATEWAY_METRICS_PORT: String(await freePort()),
    // Stopping the gateway drains it; the tests' idle connections need not be waited for long.
    GATEWAY_DRAIN_TIMEOUT_MS: '500',
    OWNER_URL: `${url('owner')}/graphql`,
    SHOP_URL: `${url('shop')}/graphql`,
    REVIEW_URL: `${url('review')}/graphql`,
    DISPLAY_URL: `${url('display')}/graphql`,
    SEARCH_URL: `${url('search')}/graphql`,
    ADS_URL: `${url('ads')}/graphql`,
    ADS_SERVING_URL: `${url('ads-serving')}/graphql`,
    ...overrides,
  };
  const processes = new Map<ServiceName, ChildProcess>();
  const logs: string[] = [];

  async function start(name: ServiceName): Promise<void> {
    const own = name.startsWith('projector') ? { PROJECTOR_PORT: String(ports[name]) } : {};
    const child = spawn(process.execPath, [script(name)], { cwd: ROOT, env: { ...env, ...own }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => logs.push(`[${name}] ${chunk}`));
    child.stderr!.on('data', (chunk: Buffer) => logs.push(`[${name}] ${chunk}`));
    processes.set(name, child);
    // A process that exited will never answer: stop waiting at once (waitFor retries on throws).
    const answered = await waitFor(
      async () => child.exitCode !== null ? 'exited' : (await fetch(`${url(name)}/health`).then((r) => r.ok, () => false)) && 'healthy',
      // Ten processes start at once, on 2 cores shared with the other test file that runs
      // beside this one: 20 s was once not enough for one of them, 45 s not for nine, nor
      // for seven under a load average of 30 (the command subgraphs; each alone took 8 s then).
      { what: `${name} to answer /health`, timeoutMs: 90_000 },
    );
    if (answered === 'exited') throw new Error(`${name} exited with ${child.exitCode}:\n${logs.join('')}`);
  }

  /** Sends a signal without waiting for an exit: SIGSTOP freezes a service, SIGCONT resumes it. */
  function signal(name: ServiceName, signal: NodeJS.Signals): void {
    processes.get(name)?.kill(signal);
  }

  async function stop(name: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = processes.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  // Ready as a deployment is once its read model is built: until the keeper's first rebuild
  // writes the generation marker, a shop the read model lacks reads as "being rebuilt"
  // (retryable), not null — and the first test of a file would race that rebuild.
  async function readModelBuilt(): Promise<void> {
    if (overrides.READ_MODEL_CHECK_MS === '0') return;
    const redis = createRedis(redisUrl, 'read-model');
    try {
      const store = createReadModelStore({ redis, prefix });
      await waitFor(async () => (await store.generation()) ?? undefined, { what: 'the keeper to build the read model', timeoutMs: 45_000 });
    } finally {
      redis.disconnect();
    }
  }

  const started = await Promise.allSettled(names.map(start));
  const failed = started.find((result) => result.status === 'rejected') ?? (await readModelBuilt().then(() => undefined, (reason: unknown) => ({ reason })));
  if (failed) {
    // The caller gets no handle to close: stop what did start, or it outlives the test run.
    await Promise.all(names.map((name) => stop(name, 'SIGKILL')));
    if (!databaseUrl) await db.drop();
    throw failed.reason;
  }

  return {
    db,
    prefix,
    env,
    gatewayUrl: `${url('gateway')}/graphql`,
    url,
    start,
    stop,
    signal,
    /** The process id of a running service (the gateway's is its cluster primary's). */
    pid: (name: ServiceName) => processes.get(name)?.pid,
    logs: () => logs.join(''),
    async close() {
      await Promise.all(names.map((name) => stop(name)));
      await db.drop();
      await deleteKeysWithPrefix(prefix, redisUrl);
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
