import { describe, expect, it } from 'vitest';
import { batchSources } from '../src/sources/batched-sources.js';
import type { CommandSources, ShopSnapshot } from '../src/sources/command-sources.js';

/** A shop source whose bulk calls are recorded and answered when the test says. */
function heldShopSource() {
  const calls: { ids: string[]; answer: () => void }[] = [];
  const sources = {
    shopSnapshots: (ids: string[]) =>
      new Promise<(ShopSnapshot | null)[]>((resolve) => calls.push({ ids, answer: () => resolve(ids.map((id) => ({ id }) as unknown as ShopSnapshot)) })),
  } as unknown as CommandSources;
  return { sources, calls };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('batchSources', () => {
  it('sends a lone read as soon as the current turn ends, waiting for no window', async () => {
    const { sources, calls } = heldShopSource();
    const read = batchSources(sources).shopSnapshot('1');
    await turn();
    expect(calls.map((call) => call.ids)).toEqual([['1']]);
    calls[0]!.answer();
    expect(await read).toEqual({ id: '1' });
  });

  it('joins the reads of one turn, and gathers those arriving while the bulk calls are out into one', async () => {
    const { sources, calls } = heldShopSource();
    const batched = batchSources(sources, { maxInFlight: 1 });
    const first = [batched.shopSnapshot('1'), batched.shopSnapshot('2')];
    await turn();
    const later = [];
    for (const id of ['3', '4', '5']) {
      later.push(batched.shopSnapshot(id));
      await turn();
    }
    expect(calls.map((call) => call.ids)).toEqual([['1', '2']]);
    calls[0]!.answer();
    expect(await Promise.all(first)).toEqual([{ id: '1' }, { id: '2' }]);
    await turn();
    expect(calls.map((call) => call.ids)).toEqual([['1', '2'], ['3', '4', '5']]);
    calls[1]!.answer();
    expect(await Promise.all(later)).toEqual([{ id: '3' }, { id: '4' }, { id: '5' }]);
  });
});
