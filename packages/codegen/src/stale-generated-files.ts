import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, resolve } from 'node:path';
import { generate, type CodegenConfig } from '@graphql-codegen/cli';

/**
 * The generated files under `cwd` that differ from what `config` generates now: changed or
 * missing ones, and files left in an output folder that nothing generates any more (a
 * removed document's types would otherwise still compile). Empty when all are current.
 * Nothing is written, so a test can call it.
 */
export async function staleGeneratedFiles(config: CodegenConfig, cwd: string): Promise<string[]> {
  const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd }, false);
  const generated = new Set(outputs.map((output) => normalize(output.filename)));
  const stale: string[] = [];
  for (const output of outputs) {
    const current = await readFile(resolve(cwd, output.filename), 'utf8').catch(() => undefined);
    if (current !== output.content) stale.push(output.filename);
  }
  for (const folder of new Set([...generated].map(dirname))) {
    for (const file of await readdir(resolve(cwd, folder))) {
      if (!generated.has(join(folder, file))) stale.push(join(folder, file));
    }
  }
  return stale;
}
