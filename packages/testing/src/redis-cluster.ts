import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

export interface RedisClusterOptions {
  /** @default 3 */
  masters?: number;
  /** Replicas per master. @default 0 */
  replicas?: number;
}

interface ClusterNode {
  port: number;
  url: string;
  args: string[];
  process: ChildProcess;
}

/**
 * One command on one node over a connection of its own (no cluster client: it would follow
 * redirections); undefined when the node is down or refuses it (MOVED, for a key it does not hold).
 */
async function ask(port: number, ...command: [string, ...(string | number)[]]): Promise<unknown> {
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.call(...command);
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

async function clusterInfo(port: number): Promise<Record<string, string>> {
  const text = (await ask(port, 'CLUSTER', 'INFO')) as string | undefined;
  return Object.fromEntries((text ?? '').split('\r\n').filter(Boolean).map((line) => line.split(':') as [string, string]));
}

async function roleReply(port: number): Promise<unknown[] | undefined> {
  return (await ask(port, 'ROLE')) as unknown[] | undefined;
}

async function role(port: number): Promise<string | undefined> {
  return (await roleReply(port))?.[0] as string | undefined;
}

/**
 * A real Redis Cluster of the test's own: `redis-server` in cluster mode on spare ports,
 * its node files in a temp dir of its own, joined by `redis-cli --cluster create`.
 * Nothing is persisted. `url` is what the services take: the nodes' URLs, comma-separated.
 */
export async function startRedisCluster({ masters = 3, replicas = 0 }: RedisClusterOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'shopgraph-cluster-'));
  const nodes: ClusterNode[] = [];
  const count = masters * (1 + replicas);
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    // The bus port is named: the default (port + 10000) can fall outside 1–65535 or be taken.
    const busPort = await freePort();
    const args = [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--cluster-enabled', 'yes', '--cluster-port', String(busPort), '--cluster-config-file', join(dir, `nodes-${port}.conf`),
      // A dead master is failed over after 2 s rather than 15 s.
      '--cluster-node-timeout', '2000', '--dir', dir,
    ];
    nodes.push({ port, url: `redis://127.0.0.1:${port}`, args, process: spawn('redis-server', args, { stdio: 'ignore' }) });
  }
  const stop = async () => {
    await Promise.all(nodes.map((node) => kill(node)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const node of nodes) await waitFor(async () => (await clusterInfo(node.port)).cluster_state !== undefined, { what: `cluster node on ${node.port}` });
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((node) => `127.0.0.1:${node.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    // Every node must agree that every slot is served before a client may rely on it.
    for (const node of nodes) {
      await waitFor(async () => {
        const info = await clusterInfo(node.port);
        return info.cluster_state === 'ok' && info.cluster_slots_ok === '16384' && Number(info.cluster_known_nodes) === count;
      }, { what: `cluster state ok on ${node.port}`, timeoutMs: 30_000 });
    }
    // …and every master's replicas attached (replication starts after the slots are agreed).
    for (const node of nodes) {
      await waitFor(async () => {
        const reply = await roleReply(node.port);
        return reply?.[0] !== 'master' || (reply[2] as unknown[]).length === replicas;
      }, { what: `replicas of ${node.port} attached`, timeoutMs: 30_000 });
    }
  } catch (error) {
    await stop();
    throw error;
  }

  async function kill(node: ClusterNode): Promise<void> {
    if (node.process.exitCode !== null || node.process.signalCode !== null) return;
    const exited = new Promise((resolve) => node.process.once('exit', resolve));
    node.process.kill('SIGKILL');
    await exited;
  }

  return {
    /** Comma-separated node URLs: the value of `READ_MODEL_REDIS_URL` / `QUEUE_REDIS_URL`. */
    url: nodes.map((node) => node.url).join(','),
    ports: nodes.map((node) => node.port),
    /** Ports of the nodes that are masters now. */
    async masterPorts(): Promise<number[]> {
      const roles = await Promise.all(nodes.map(async (node) => [node.port, await role(node.port)] as const));
      return roles.filter(([, name]) => name === 'master').map(([port]) => port);
    },
    /** The port of the master that holds `key`'s slot (the one node that does not answer MOVED). */
    async masterOf(key: string): Promise<number> {
      for (const port of await this.masterPorts()) if ((await ask(port, 'EXISTS', key)) !== undefined) return port;
      throw new Error(`no master holds ${key}`);
    },
    /** SIGKILLs the node on `port` (a crash: no failover handshake). */
    async kill(port: number): Promise<void> {
      await kill(nodes.find((node) => node.port === port)!);
    },
    /**
     * SIGKILLs a master and resolves once one of its replicas has taken over its slots and
     * every surviving node sees the cluster whole (cluster-node-timeout is 2 s here).
     */
    async failOver(port: number, timeoutMs = 30_000): Promise<void> {
      const reply = await roleReply(port);
      const replicas = ((reply?.[2] as [string, string, string][] | undefined) ?? []).map(([, replicaPort]) => Number(replicaPort));
      if (reply?.[0] !== 'master' || replicas.length === 0) throw new Error(`${port} is not a master with a replica`);
      await kill(nodes.find((node) => node.port === port)!);
      await waitFor(async () => (await Promise.all(replicas.map(role))).includes('master'), { what: `a replica of ${port} promoted`, timeoutMs });
      await this.waitUntilHealthy(timeoutMs);
    },
    /**
     * Starts a killed node again, as an orchestrator would: it keeps its node file, so it
     * rejoins the cluster — as a replica of the master that took its place.
     */
    async restart(port: number): Promise<void> {
      const node = nodes.find((candidate) => candidate.port === port)!;
      node.process = spawn('redis-server', node.args, { stdio: 'ignore' });
      await waitFor(async () => (await role(port)) === 'slave', { what: `node ${port} back as a replica`, timeoutMs: 30_000 });
    },
    /** Resolves once the surviving nodes report the cluster whole again (a replica promoted). */
    async waitUntilHealthy(timeoutMs = 30_000): Promise<void> {
      const alive = nodes.filter((node) => node.process.exitCode === null && node.process.signalCode === null);
      for (const node of alive) {
        await waitFor(async () => {
          const info = await clusterInfo(node.port);
          return info.cluster_state === 'ok' && info.cluster_slots_ok === '16384';
        }, { what: `cluster healthy on ${node.port}`, timeoutMs });
      }
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

export type RedisCluster = Awaited<ReturnType<typeof startRedisCluster>>;
