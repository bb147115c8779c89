/**
 * Rebuilds the read model (and the search index) from the command side:
 *
 *   npm run resync -- --all           every shop; removes documents of shops that are gone
 *   npm run resync -- --ids 12,34     the given shops
 *   npm run resync -- --since 15m     shops changed in the last 15 minutes (or since an ISO time)
 *
 * Versioned writes: a rebuild never puts an older state over a newer one that the
 * projector wrote meanwhile. The same operations: POST /admin/resync on the projector.
 */
import { parseArgs } from 'node:util';
import { allIds } from '@shopgraph/graphql-conventions/paging';
import { parseSince, type RebuildReport } from '@shopgraph/projector';
import { recoveryContext } from './recovery-context.ts';

const { values } = parseArgs({ options: { all: { type: 'boolean' }, ids: { type: 'string' }, since: { type: 'string' } } });
if ([values.all, values.ids, values.since].filter(Boolean).length !== 1) {
  console.error('usage: npm run resync -- --all | --ids 12,34 | --since 15m');
  process.exit(2);
}

const context = recoveryContext();
const started = performance.now();
const progress = (report: RebuildReport) =>
  process.stdout.write(`\rresync: ${report.checked} checked, ${report.written} written, ${report.stale} already newer, ${report.removed} removed, ${report.skipped} skipped`);
try {
  let report: RebuildReport;
  if (values.all) {
    // Under the claim the projectors' keepers and POST /admin/resync share: never two full rebuilds at once.
    const claimed = await context.claimFullRebuild();
    if (!claimed) {
      console.error('resync: a full rebuild is running (a keeper or another resync holds the claim); see the projectors\' /ready');
      process.exit(1);
    }
    report = await claimed.run(progress, { force: true });
    const search = await context.searchIndex.rebuild();
    console.log(`\nresync: search index ${search.indexed} shops, ${search.removed} stale rows re-checked`);
  } else if (values.ids) {
    const ids = values.ids.split(',').map((id) => id.trim()).filter(Boolean);
    report = await context.rebuilder.rebuildIds(ids, progress, { force: true });
    await context.searchIndex.indexShops(ids);
  } else {
    const since = parseSince(values.since!);
    const changed = await allIds((after) => context.sources.shopIdsChangedSince(since, after, 500));
    report = await context.rebuilder.rebuildIds(changed, progress, { force: true });
    await context.searchIndex.indexShops(changed);
    console.log(`\nresync: ${changed.length} shops changed since ${since.toISOString()}`);
  }
  progress(report);
  console.log(`\nresync: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await context.close();
}
