import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generate, type CodegenConfig } from '@graphql-codegen/cli';

/**
 * The generated files under `cwd` that differ from what `config` generates now (missing
 * ones included): empty when they are current. Nothing is written, so a test can call it.
 */
export async function staleGeneratedFiles(config: CodegenConfig, cwd: string): Promise<string[]> {
  const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd }, false);
  const stale: string[] = [];
  for (const output of outputs) {
    const current = await readFile(resolve(cwd, output.filename), 'utf8').catch(() => undefined);
    if (current !== output.content) stale.push(output.filename);
  }
  return stale;
}
