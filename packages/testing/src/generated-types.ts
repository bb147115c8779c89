import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { staleGeneratedFiles } from '@shopgraph/codegen/stale-generated-files';

/**
 * The test each package with a codegen.ts runs: its committed src/generated files are
 * exactly what its SDL and documents generate now. `packageDir`: the package's folder,
 * e.g. `new URL('..', import.meta.url)` from its test/.
 */
export function itGeneratesCurrentTypes(config: Parameters<typeof staleGeneratedFiles>[0], packageDir: URL): void {
  it('the generated types are the ones the SDL generates now (npm run build rewrites them)', async () => {
    expect(await staleGeneratedFiles(config, fileURLToPath(packageDir))).toEqual([]);
    // Codegen loads every schema and document in this process: 1-2 s alone, 5.5 s seen in CI beside
    // other suites, past vitest's 5 s default in packages that keep it (the dashboard's).
  }, 60_000);
}
