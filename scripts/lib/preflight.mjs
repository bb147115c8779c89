// The check `npm start` and CI (.ci/run) make before anything else: PostgreSQL and Redis must
// answer. A local server that is installed but stopped is started; otherwise one line says
// exactly what to run, instead of seven services (or every test) failing at once.
// Run directly (`node scripts/lib/preflight.mjs`), it exits 1 when a dependency is missing.
// The settings are read as the services read them (the env schemas of @shopgraph/config and
// @shopgraph/events, redis-client's redisNodes), so a value the services take — a Redis Cluster's
// comma-separated seed nodes — passes here too, and one they refuse is named here first. It needs
// @shopgraph/events and @shopgraph/redis-client built (start.mjs, .ci/run do so).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { pathToFileURL } from 'node:url';
import { databaseEnv, parseEnv, redisUrl } from '@shopgraph/config/env';
import { queueEnv } from '@shopgraph/events/queue-settings';
import { redisNodes } from '@shopgraph/redis-client/redis';

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

const LOCAL_REDIS = 'redis://127.0.0.1:6379';
const REDIS_SETTINGS = ['QUEUE_REDIS_URL', 'READ_MODEL_REDIS_URL', 'THROTTLE_REDIS_URL'];

/** The settings as the services parse them, or the services' own one-line complaints ("NAME: why"). */
function settingsOf(env) {
  try {
    return { settings: parseEnv({ ...databaseEnv, QUEUE_REDIS_URL: queueEnv.QUEUE_REDIS_URL, READ_MODEL_REDIS_URL: redisUrl(LOCAL_REDIS), THROTTLE_REDIS_URL: redisUrl(LOCAL_REDIS) }, env) };
  } catch (error) {
    // parseEnv's message: a heading, then one indented line per bad variable.
    return { problems: String(error.message).split('\n').slice(1).map((line) => line.trim()) };
  }
}

/** A check per setting value: one node (started when local and stopped), or a cluster's seed nodes (any one answering will do). */
function redisCheck(value) {
  const nodes = redisNodes(value);
  const where = (node) => `${node.host}:${node.port}`;
  if (nodes.length > 1) {
    const what = `Redis Cluster seed nodes ${nodes.map(where).join(', ')}`;
    return {
      what,
      nodes,
      // A standalone redis-server on a seed's port would be no cluster: never started here.
      problem: `${what}: none answers: start the cluster (docs/operations.md: "Redis Cluster") or set ${REDIS_SETTINGS.join(' / ')}`,
    };
  }
  const [node] = nodes;
  const what = `Redis at ${where(node)}`;
  return {
    what,
    nodes,
    start: () => startRedis(node.port),
    problem: `${what} does not answer: start Redis (e.g. \`redis-server --daemonize yes --port ${node.port}\` or \`docker compose up -d redis\`) or set ${REDIS_SETTINGS.join(' / ')}`,
  };
}

/**
 * Checks each dependency; starts a stopped local one if it can. Returns the one-line
 * problems left (empty when everything answers).
 */
export async function preflight(env = process.env) {
  const { settings, problems: invalid } = settingsOf(env);
  if (invalid) return invalid;
  const database = new URL(settings.DATABASE_URL);
  const postgres = `PostgreSQL at ${database.hostname}:${database.port || 5432}`;
  const checks = [
    {
      what: postgres,
      nodes: [{ host: database.hostname, port: Number(database.port || 5432) }],
      start: startPostgres,
      problem: `${postgres} does not answer: start PostgreSQL (e.g. \`pg_ctlcluster 15 main start\` or \`docker compose up -d postgres\`) or set DATABASE_URL`,
    },
    ...[...new Set(REDIS_SETTINGS.map((name) => settings[name]))].map(redisCheck),
  ];
  const problems = [];
  for (const check of checks) {
    const answers = await Promise.all(check.nodes.map((node) => listening(node.host, node.port)));
    if (answers.some(Boolean)) continue;
    const [node] = check.nodes;
    if (check.start && LOCAL.has(node.host)) {
      console.log(`preflight: ${check.what} is not running; starting the local one`);
      if (check.start() && (await waitListening(node.host, node.port))) continue;
    }
    problems.push(`${check.problem}.`);
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problems = await preflight();
  for (const problem of problems) console.error(`preflight: ${problem}`);
  process.exit(problems.length > 0 ? 1 : 0);
}
