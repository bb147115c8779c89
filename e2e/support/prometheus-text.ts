import { spawnSync } from 'node:child_process';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Checks a scrape with Prometheus's own parser and linter (`promtool check metrics`, from
 * Debian's `prometheus` package). Returns the lint problems; throws if it does not parse.
 */
export function promtoolCheck(text: string): string[] {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is needed for this test (apt-get install prometheus): ${run.error.message}`);
  // Exit 0: clean; 3: parsed, with lint problems; anything else: not the text format.
  if (run.status !== 0 && run.status !== 3) throw new Error(`not Prometheus text (promtool exit ${run.status}): ${run.stderr}${run.stdout}`);
  return `${run.stdout}${run.stderr}`.split('\n').filter((line) => line.trim() !== '');
}

/** GET /metrics as text, checked to be Prometheus text by promtool. */
export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const text = await response.text();
  promtoolCheck(text);
  return samplesOf(text);
}

/** The samples of a scrape (promtool has checked the syntax; this only reads values). */
export function samplesOf(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The samples named `name` whose labels include `labels`. */
export function samples(all: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return all.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

/** The sum of the matching samples' values (for a histogram, ask for `<name>_count`). */
export function total(all: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples(all, name, labels).reduce((sum, sample) => sum + sample.value, 0);
}
