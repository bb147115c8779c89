import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const prometheusDir = fileURLToPath(new URL('../../observability/prometheus/', import.meta.url));
const dashboardFile = fileURLToPath(new URL('../../observability/grafana/dashboards/shopgraph.json', import.meta.url));

function promtool(...args: string[]) {
  const run = spawnSync('promtool', args, { cwd: prometheusDir, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is needed for this test (apt-get install prometheus): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('Prometheus and Grafana files', () => {
  it('the alert rules pass promtool and their unit tests', () => {
    expect(promtool('check', 'rules', 'alerts.yml')).toMatchObject({ status: 0 });
    const tested = promtool('test', 'rules', 'alerts.test.yml');
    expect(tested.output).toContain('SUCCESS');
    expect(tested.status).toBe(0);
  });

  it('the scrape configuration passes promtool', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).toMatchObject({ status: 0 });
  });

  it('every dashboard panel queries Prometheus', () => {
    const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as { uid: string; panels: { title: string; targets: { expr: string }[]; datasource: { uid: string } }[] };
    expect(dashboard.uid).toBe('shopgraph');
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe('prometheus');
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target.expr, panel.title).toMatch(/shopgraph_/);
    }
  });
});
