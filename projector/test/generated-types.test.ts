import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { staleGeneratedFiles } from '@shopgraph/codegen/stale-generated-files';
import config from '../codegen.js';

it('the generated types are the ones the SDL generates now (npm run build rewrites them)', async () => {
  expect(await staleGeneratedFiles(config, fileURLToPath(new URL('..', import.meta.url)))).toEqual([]);
});
