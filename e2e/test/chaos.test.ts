import { expect, it } from 'vitest';
import { runChaos } from '../chaos/chaos.js';

// The short chaos run: every scenario of `npm run chaos`, with 2-second faults.
it('loses no acknowledged mutation and converges within 10 s after every fault', async () => {
  const results = await runChaos({ faultSeconds: 2, freezeSeconds: 2, burst: 100 });
  expect(results.map((r) => r.scenario)).toHaveLength(9);
  for (const result of results) {
    expect(result, result.scenario).toMatchObject({ lost: 0, drifted: 0 });
    expect(result.secondsToConverge, result.scenario).toBeLessThanOrEqual(10);
    expect(result.acknowledged, result.scenario).toBeGreaterThan(0);
  }
  // Customers never notice a fault behind the read model, nor the gateway's rolling restart.
  // (Losing Redis or the read model itself shows as null shops until they are rebuilt.)
  for (const result of results.filter((r) => !/^Redis|^read model wiped/.test(r.scenario))) {
    expect(result.readErrors, result.scenario).toBe(0);
  }
}, 240_000);
