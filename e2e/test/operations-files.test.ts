import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const prometheusDir = fileURLToPath(new URL('../../observability/prometheus/', import.meta.url));
const dashboardFile = fileURLToPath(new URL('../../observability/grafana/dashboards/shopgraph.json', import.meta.url));
const composeFile = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
const nginxFile = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));

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

interface ComposeService {
  command?: string[];
  profiles?: string[];
  environment?: Record<string, unknown>;
  ports?: unknown[];
  volumes?: string[];
}

describe('the compose file', () => {
  // `<<: *env` merges the shared settings into each service, as compose does.
  const services = (parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }).services;
  const upstreams = [...readFileSync(nginxFile, 'utf8').matchAll(/^\s*server\s+([\w-]+):\d+/gm)].map((match) => match[1]!);

  it('the scale profile mounts deploy/nginx.conf into its proxy', () => {
    expect(services.proxy?.profiles).toEqual(['scale']);
    expect(services.proxy?.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(upstreams.length).toBeGreaterThanOrEqual(2);
  });

  it('every gateway behind nginx trusts one proxy and is reachable only through it', () => {
    for (const name of upstreams) {
      const service = services[name];
      expect(service, `${name} (an nginx upstream) is a compose service`).toBeDefined();
      // Trusting none, every client it sees is nginx: one throttle key for everyone routed there.
      expect(String(service!.environment?.GATEWAY_TRUSTED_PROXIES), name).toBe('1');
      // Trusting one hop on a published port would let a client name any address in X-Forwarded-For.
      expect(service!.ports, name).toBeUndefined();
    }
  });

  it('a gateway with a published port trusts no proxy', () => {
    const gateways = Object.entries(services).filter(([, service]) => service.command?.includes('gateway/dist/main.js'));
    const published = gateways.filter(([, service]) => service.ports);
    expect(published.map(([name]) => name)).toEqual(expect.arrayContaining(['gateway', 'owner-gateway']));
    for (const [name, service] of published) expect(service.environment?.GATEWAY_TRUSTED_PROXIES ?? 0, name).toBe(0);
  });

  it("runs the owners' gateway as the gateway, apart: its own port, one worker, no response cache", () => {
    const owners = services['owner-gateway']!;
    expect(owners.command).toEqual(services.gateway!.command);
    expect(owners.environment).toMatchObject({ GATEWAY_PORT: '4010', GATEWAY_WORKERS: '1', GATEWAY_RESPONSE_CACHE: 'false' });
    expect(owners.ports).toContain('4010:4010');
    expect(services.gateway!.environment?.GATEWAY_WORKERS).toBeUndefined();
  });

  it('gives the services key to the services that sign or verify service identities, never to a gateway or display', () => {
    const gets = (name: string) => 'SERVICE_TOKEN_SECRET' in (services[name]!.environment ?? {});
    for (const name of ['owner', 'shop', 'review', 'search', 'ads', 'ads-serving', 'projector', 'projector-2', 'projector-3']) expect(gets(name), name).toBe(true);
    const gateways = Object.keys(services).filter((name) => services[name]!.command?.includes('gateway/dist/main.js'));
    expect(gateways).toEqual(['gateway', 'owner-gateway', 'gateway-1', 'gateway-2']);
    for (const name of [...gateways, 'display']) expect(gets(name), name).toBe(false);
    // The projectors sign no customer or owner identity: no gateway key for them.
    for (const name of ['projector', 'projector-2', 'projector-3']) expect(services[name]!.environment?.INTERNAL_TOKEN_SECRET, name).toBe('');
  });
});
