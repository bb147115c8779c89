/**
 * `npm run chaos`: breaks a stack of its own in eight ways, and a Redis Cluster in one, under a steady stream of
 * mutations and reads, and prints what customers and owners saw.
 *
 *   npm run chaos -- --fault-seconds 20 --freeze-seconds 30 --burst 1000 --shops-per-owner 4 --quiet-shops-per-owner 4
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runChaos } from './chaos.js';

const { values } = parseArgs({
  options: {
    'fault-seconds': { type: 'string', default: '20' },
    'freeze-seconds': { type: 'string', default: '30' },
    burst: { type: 'string', default: '1000' },
    'shops-per-owner': { type: 'string', default: '4' },
    'quiet-shops-per-owner': { type: 'string', default: '4' },
  },
});
const results = await runChaos({
  faultSeconds: Number(values['fault-seconds']),
  freezeSeconds: Number(values['freeze-seconds']),
  burst: Number(values.burst),
  shopsPerOwner: Number(values['shops-per-owner']),
  quietShopsPerOwner: Number(values['quiet-shops-per-owner']),
  log: console.log,
});
console.log(`\nchaos run ${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), Node ${process.version}`);
console.table(results);
const failed = results.filter(
  (r) =>
    r.lost > 0 ||
    r.drifted > 0 ||
    r.adsDrifted > 0 ||
    // Redis restarted empty loses the clicks the recorder had not moved yet (docs/ads.md): reported, not a failure.
    (r.clicksLost > 0 && !r.scenario.startsWith('Redis stopped, restarted empty')) ||
    r.secondsToConverge > 10 ||
    (r.scenario.startsWith('rolling restart') && r.readErrors + r.nullReads > 0) ||
    r.nullReads > 0 ||
    (r.secondsUntilServed !== undefined && (r.secondsUntilServed === null || r.secondsUntilServed > 10)),
);
if (failed.length > 0) {
  console.log(
    `not met (0 lost, 0 drifted (shops and ads), 0 charged clicks lost but to Redis restarting empty, converged within 10 s, no null shop; rolling restart: 0 failed reads; read model wiped: every shop served within 10 s): ${failed.map((r) => r.scenario).join('; ')}`,
  );
  process.exitCode = 1;
}
