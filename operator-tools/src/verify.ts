/**
 * Compares every shop's document in Redis with a projection of the current source state:
 *
 *   npm run verify           prints "checked N shops, M drifted" (exit 1 when M > 0),
 *                            then the same for the search index
 *   npm run verify -- --fix  and re-projects (re-indexes) the drifted ones
 */
import { parseArgs } from 'node:util';
import { recoveryContext } from './recovery-context.ts';

const { values } = parseArgs({ options: { fix: { type: 'boolean', default: false } } });
const context = recoveryContext();
try {
  const report = await context.verify();
  console.log(`checked ${report.checked} shops, ${report.drifted.length} drifted`);
  if (report.drifted.length > 0) console.log(`drifted: ${report.drifted.join(', ')}`);
  if (values.fix && report.drifted.length > 0) {
    const fixed = await context.rebuilder.rebuildIds(report.drifted, undefined, { force: true });
    const after = await context.verify();
    console.log(`fixed: ${fixed.written} written, ${fixed.removed} removed; now ${after.drifted.length} drifted`);
    process.exitCode = after.drifted.length > 0 ? 1 : 0;
  } else {
    process.exitCode = report.drifted.length > 0 ? 1 : 0;
  }
  const search = await context.searchIndex.verify();
  console.log(`search index: checked ${search.checked} shops, ${search.drifted.length} drifted`);
  if (search.drifted.length > 0) {
    console.log(`drifted: ${search.drifted.join(', ')}`);
    if (values.fix) {
      await context.searchIndex.indexShops(search.drifted);
      console.log(`search index: re-indexed ${search.drifted.length}`);
    } else {
      process.exitCode = 1;
    }
  }
} finally {
  await context.close();
}
