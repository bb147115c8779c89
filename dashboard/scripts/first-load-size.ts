import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Prints the gzipped size of the JavaScript a first visit of the page `entry` downloads: its
 * entry chunk and every chunk it imports statically (lazy `import()` chunks and other pages'
 * entries are not part of it), and fails the build above `budgetKb` — issue 21's target is
 * 250 KB.
 */
export function firstLoadSize(entry: string, budgetKb: number): Plugin {
  return {
    name: 'shopgraph:first-load-size',
    apply: 'build',
    writeBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [[output.fileName, output] as const] : [])));
      const firstLoad = new Set<string>();
      const visit = (fileName: string) => {
        if (firstLoad.has(fileName)) return;
        firstLoad.add(fileName);
        for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry && chunk.name === entry) visit(chunk.fileName);
      if (firstLoad.size === 0) this.error(`No entry chunk named ${entry}.`);
      const bytes = [...firstLoad].reduce((sum, fileName) => sum + gzipSync(chunks.get(fileName)!.code).length, 0);
      // kB of 1,000 bytes, as Vite's own size report counts them.
      const kb = bytes / 1000;
      this.info(`first load: ${kb.toFixed(1)} kB of JavaScript gzipped (${firstLoad.size} chunk${firstLoad.size === 1 ? '' : 's'}; budget ${budgetKb} kB)`);
      if (kb > budgetKb) this.error(`The first load is ${kb.toFixed(1)} kB gzipped, over the ${budgetKb} kB budget.`);
    },
  };
}
