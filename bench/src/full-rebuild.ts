import type pg from 'pg';
import type { Rebuilder } from '@shopgraph/projector';
import { addSyntheticShops } from './synthetic-shops.ts';

/**
 * Times a full rebuild (`resync --all`) at each size: synthetic shops are added up to that
 * many (from `loaded`, those already there) before each rebuild.
 */
export async function measureFullRebuilds(db: pg.Client, rebuilder: Rebuilder, loaded: number, sizes: readonly number[], ownerIds: readonly string[]) {
  const results = [];
  for (const size of sizes) {
    if (size > loaded) {
      console.log(`bench: adding ${(size - loaded).toLocaleString('en')} more synthetic shops for the rebuild`);
      await addSyntheticShops(db, loaded, size, ownerIds);
      loaded = size;
    }
    const started = performance.now();
    const report = await rebuilder.rebuildAll((r) => process.stdout.write(`\rbench: full rebuild, ${r.checked.toLocaleString('en')} checked`));
    const seconds = (performance.now() - started) / 1000;
    console.log('');
    results.push({ shops: report.checked, written: report.written, seconds: +seconds.toFixed(1), shopsPerSecond: Math.round(report.checked / seconds) });
  }
  return results;
}
