import { setTimeout as sleep } from 'node:timers/promises';
import { childrenOf } from '@shopgraph/testing/child-processes';
import { waitFor } from '@shopgraph/testing/wait-for';
import { gatewayClient } from '../support/client.js';
import { startChaosStack, type ChaosStack } from './chaos-stack.js';

export interface ScenarioResult {
  scenario: string;
  acknowledged: number;
  lost: number;
  drifted: number;
  secondsToConverge: number;
  readErrors: number;
  reads: number;
}

export interface ChaosOptions {
  /** How long each fault lasts, in seconds. */
  faultSeconds: number;
  /** How long the shop subgraph stays frozen, in seconds. */
  freezeSeconds: number;
  /** Updates to one shop in the burst scenario. */
  burst: number;
  /** Longest wait for convergence after a fault, in seconds. */
  convergeTimeoutSeconds?: number;
  log?: (line: string) => void;
}

type Owner = { token: string; shops: string[] };
const PROJECTORS = ['projector', 'projector2', 'projector3'] as const;
type Ack = { shopId: string; version: number };

/**
 * Mutations from every owner and customer reads through the gateway, for as long as
 * `fault` runs; then waits for the read model to converge (verify: no drift).
 */
async function underLoad(chaos: ChaosStack, owners: Owner[], name: string, fault: (acks: Ack[]) => Promise<void>, options: ChaosOptions): Promise<ScenarioResult> {
  const api = gatewayClient(chaos.stack.gatewayUrl);
  const acks: Ack[] = [];
  let reads = 0;
  let readErrors = 0;
  let running = true;
  const allShops = owners.flatMap((owner) => owner.shops);
  const writers = owners.map(async (owner) => {
    for (let n = 0; running; n += 1) {
      const shopId = owner.shops[n % owner.shops.length]!;
      const response = await api
        .request(`mutation($id: ID!, $n: String) { updateShop(id: $id, input: { notice: $n }) { version } }`, { id: shopId, n: `${name} ${n}` }, owner.token)
        .catch(() => undefined);
      if (response?.data?.updateShop) acks.push({ shopId, version: response.data.updateShop.version });
      else await sleep(50); // refused (e.g. PostgreSQL down): not acknowledged, try again shortly
    }
  });
  const reader = (async () => {
    for (let n = 0; running; n += 1) {
      reads += 1;
      const response = await api.request(`query($id: ID!) { shop(id: $id) { id name } }`, { id: allShops[n % allShops.length] }).catch(() => undefined);
      if (!response || response.errors?.length || !response.data?.shop) readErrors += 1;
      await sleep(10);
    }
  })();
  await fault(acks);
  running = false;
  await Promise.all([...writers, reader]);
  const faultEnded = Date.now();
  const deadline = faultEnded + (options.convergeTimeoutSeconds ?? 60) * 1000;
  let drifted: string[] = [];
  for (;;) {
    drifted = await chaos.verify().then((report) => report.drifted, () => ['(verify failed)']);
    if (drifted.length === 0 || Date.now() > deadline) break;
    await sleep(250);
  }
  const versions = await chaos.versions();
  const lost = acks.filter((ack) => (versions.get(ack.shopId) ?? 0) < ack.version).length;
  return { scenario: name, acknowledged: acks.length, lost, drifted: drifted.length, secondsToConverge: +((Date.now() - faultEnded) / 1000).toFixed(1), readErrors, reads };
}

async function ownersOf(chaos: ChaosStack): Promise<Owner[]> {
  const api = gatewayClient(chaos.stack.gatewayUrl);
  const owners: Owner[] = [];
  for (let o = 0; o < 3; o += 1) {
    const { token } = await api.signUp(`사장 ${o}`);
    const shops = [];
    for (let s = 0; s < 4; s += 1) shops.push((await api.createShop(token, { name: `혼돈 ${o}-${s}` })).id);
    owners.push({ token, shops });
  }
  return owners;
}

/** Runs every scenario against a stack of its own (and the failover on a cluster of its own); one row per scenario. */
export async function runChaos(options: ChaosOptions): Promise<ScenarioResult[]> {
  const log = options.log ?? (() => {});
  const results: ScenarioResult[] = [];
  const fault = options.faultSeconds * 1000;
  const scenarios = (chaos: ChaosStack, owners: Owner[]) => async (name: string, run: (acks: Ack[]) => Promise<void>) => {
    log(`chaos: ${name}`);
    results.push(await underLoad(chaos, owners, name, run, options));
    log(`chaos:   ${JSON.stringify(results.at(-1))}`);
  };

  const chaos = await startChaosStack();
  const { stack } = chaos;
  const api = gatewayClient(stack.gatewayUrl);
  try {
    const owners = await ownersOf(chaos);
    log('chaos: stack up (3 projectors), 3 owners with 4 shops each');
    const scenario = scenarios(chaos, owners);

    await scenario('one of three projectors killed (SIGKILL) mid-stream', async () => {
      await sleep(500);
      // The other two take its jobs over once their locks expire (lockDuration 5 s).
      await stack.stop('projector2', 'SIGKILL');
      await sleep(fault);
      await stack.start('projector2');
    });
    await scenario('every projector killed (SIGKILL), restarted', async () => {
      await sleep(500);
      await Promise.all(PROJECTORS.map((name) => stack.stop(name, 'SIGKILL')));
      await sleep(fault);
      await Promise.all(PROJECTORS.map((name) => stack.start(name)));
    });
    await scenario('Redis stopped, restarted empty (no operator)', async () => {
      await sleep(500);
      await chaos.redis!.stop();
      await sleep(fault);
      // The queue and the read model are gone: the outbox re-delivers what was not yet
      // published, and the projectors' keeper, finding no generation marker, rebuilds the rest.
      await chaos.redis!.start();
    });
    await scenario('read model wiped (no operator)', async () => {
      await sleep(500);
      await chaos.wipeReadModel();
      await sleep(fault);
    });
    await scenario(`shop subgraph frozen (SIGSTOP) ${options.freezeSeconds} s`, async () => {
      await sleep(500);
      stack.signal('shop', 'SIGSTOP');
      await sleep(options.freezeSeconds * 1000);
      stack.signal('shop', 'SIGCONT');
    });
    await scenario(`PostgreSQL stopped ${options.faultSeconds} s`, async () => {
      await sleep(500);
      await chaos.postgres.stop();
      await sleep(fault);
      await chaos.postgres.start();
    });
    await scenario(`${options.burst} updates to one shop`, async (acks) => {
      const [owner] = owners;
      const shopId = owner!.shops[0]!;
      let next = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next < options.burst) {
            next += 1;
            const response = await api.request(
              `mutation($id: ID!, $n: String) { updateShop(id: $id, input: { notice: $n }) { version } }`,
              { id: shopId, n: `burst ${next}` },
              owner!.token,
            );
            if (response.data?.updateShop) acks.push({ shopId, version: response.data.updateShop.version });
          }
        }),
      );
    });
    await scenario('gateway rolling restart (SIGHUP) under read load', async () => {
      await sleep(500);
      const primary = stack.pid('gateway')!;
      const before = childrenOf(primary);
      stack.signal('gateway', 'SIGHUP');
      await waitFor(
        () => {
          const now = childrenOf(primary);
          return now.length === before.length && now.every((pid) => !before.includes(pid));
        },
        { what: 'every gateway worker replaced', timeoutMs: 60_000 },
      );
      await sleep(500);
    });
  } finally {
    await chaos.close();
  }

  // Failover: a master of a 3 × (master + replica) cluster killed under load, with every
  // write waiting for its replica (QUEUE_/READ_MODEL_REDIS_WAIT_REPLICAS=1).
  const clustered = await startChaosStack({ cluster: true });
  try {
    const owners = await ownersOf(clustered);
    log('chaos: cluster stack up (3 masters + 3 replicas)');
    await scenarios(clustered, owners)('Redis Cluster master killed (failover to its replica)', async () => {
      await sleep(500);
      // The master that holds the display queue (and a third of the documents).
      const victim = await clustered.cluster!.masterOf(`${clustered.stack.prefix}:{display}:display:meta`);
      await clustered.cluster!.failOver(victim);
      await sleep(fault);
      // Restarted, as an orchestrator would: it rejoins as its successor's replica.
      await clustered.cluster!.restart(victim);
    });
  } finally {
    await clustered.close();
  }
  return results;
}
