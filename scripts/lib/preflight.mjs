// The check `npm start` and CI (.ci/run) make before anything else: PostgreSQL and Redis must
// answer. A local server that is installed but stopped is started; otherwise one line says
// exactly what to run, instead of seven services (or every test) failing at once.
// Run directly (`node scripts/lib/preflight.mjs`), it exits 1 when a dependency is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { pathToFileURL } from 'node:url';

const LOCAL = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Resolves true when something accepts TCP connections on host:port within a second. */
function listening(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port, timeout: 1000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function waitListening(host, port, seconds = 15) {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (await listening(host, port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

function startPostgres() {
  if (!has('pg_ctlcluster') || !existsSync('/etc/postgresql')) return false;
  const version = readdirSync('/etc/postgresql').sort().at(-1);
  if (!version) return false;
  return spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' }).status === 0;
}

function startRedis(port) {
  if (!has('redis-server')) return false;
  const dir = '/tmp/shopgraph-redis';
  mkdirSync(dir, { recursive: true });
  const args = ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', `${dir}/redis.log`];
  return spawnSync('redis-server', args, { stdio: 'inherit' }).status === 0;
}

/**
 * Checks each dependency; starts a stopped local one if it can. Returns the one-line
 * problems left (empty when everything answers).
 */
export async function preflight(env = process.env) {
  const database = new URL(env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/shopgraph');
  const redisUrls = [...new Set([env.QUEUE_REDIS_URL, env.READ_MODEL_REDIS_URL, env.THROTTLE_REDIS_URL].map((url) => url ?? 'redis://127.0.0.1:6379'))].map((url) => new URL(url));
  const checks = [
    {
      what: `PostgreSQL at ${database.host}`,
      host: database.hostname,
      port: Number(database.port || 5432),
      start: startPostgres,
      advice: `start PostgreSQL (e.g. \`pg_ctlcluster 15 main start\` or \`docker compose up -d postgres\`) or set DATABASE_URL`,
    },
    ...redisUrls.map((url) => ({
      what: `Redis at ${url.host}`,
      host: url.hostname,
      port: Number(url.port || 6379),
      start: () => startRedis(Number(url.port || 6379)),
      advice: `start Redis (e.g. \`redis-server --daemonize yes --port ${url.port || 6379}\` or \`docker compose up -d redis\`) or set QUEUE_REDIS_URL / READ_MODEL_REDIS_URL`,
    })),
  ];
  const problems = [];
  for (const check of checks) {
    if (await listening(check.host, check.port)) continue;
    if (LOCAL.has(check.host)) {
      console.log(`preflight: ${check.what} is not running; starting the local one`);
      if (check.start() && (await waitListening(check.host, check.port))) continue;
    }
    problems.push(`${check.what} does not answer: ${check.advice}.`);
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problems = await preflight();
  for (const problem of problems) console.error(`preflight: ${problem}`);
  process.exit(problems.length > 0 ? 1 : 0);
}
