import { expect, it } from 'vitest';
import { runChaos } from '../chaos/chaos.js';

// The short chaos run: every scenario of `npm run chaos`, with 2-second faults.
it('loses no acknowledged mutation and converges within 10 s after every fault', async () => {
  const results = await runChaos({ faultSeconds: 2, freezeSeconds: 2, burst: 100, log: console.log });
  expect(results.map((r) => r.scenario)).toHaveLength(9);
  for (const result of results) {
    expect(result, result.scenario).toMatchObject({ lost: 0, drifted: 0, adsDrifted: 0 });
    // A click told it was charged reaches PostgreSQL, whatever broke; Redis restarting empty
    // loses the last ones the click recorder had not moved yet (docs/ads.md, the corner it cannot guarantee).
    if (!result.scenario.startsWith('Redis stopped, restarted empty')) expect(result.clicksLost, result.scenario).toBe(0);
    expect(result.clicksCharged, result.scenario).toBeGreaterThan(0);
    expect(result.secondsToConverge, result.scenario).toBeLessThanOrEqual(10);
    expect(result.acknowledged, result.scenario).toBeGreaterThan(0);
  }
  // Customers never notice a fault behind the read model, nor the gateway's rolling restart
  // under eight keep-alive readers. (Losing Redis or the read model itself may refuse reads
  // with a retryable error while it is rebuilt.)
  for (const result of results.filter((r) => !/^Redis|^read model wiped/.test(r.scenario))) {
    expect(result.reads, result.scenario).toBeGreaterThan(0);
    expect(result.readErrors, result.scenario).toBe(0);
  }
  // No customer is ever told that a shop does not exist, whatever was lost.
  for (const result of results) expect(result.nullReads, result.scenario).toBe(0);
  const rolling = results.find((r) => r.scenario.startsWith('rolling restart under keep-alive load'));
  expect(rolling?.reads).toBeGreaterThan(100);
  // Every shop document deleted: every shop served again, and every document back, within 10 s.
  const wiped = results.find((r) => r.scenario.startsWith('read model wiped'));
  expect(wiped?.secondsUntilServed, 'every shop served again').toBeLessThanOrEqual(10);
  expect(wiped?.secondsUntilRebuilt, 'every document back').toBeLessThanOrEqual(10);
  // 230 s measured at a load average of 25 with the ads processes and their clicking customer added.
}, 360_000);
