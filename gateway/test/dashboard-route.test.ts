import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@shopgraph/testing/wait-for';
import type { RunningGateway } from '../src/create-gateway.js';
import { DASHBOARD_CSP, EXPLORER_CSP } from '../src/dashboard/content-security-policy.js';
import { startTestGateway } from './test-gateway.js';

const PRODUCTION_SECRETS = { JWT_SECRET: 'kS9xQ2vL7mN4pR8tW1yZ6bC3dF5gH0jA', INTERNAL_TOKEN_SECRET: 'Zt7Yq1Wm3Xp5Vn9Rb2Kc4Hd6Jf8Lg0Sa' };
const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/dashboard/assets/index-B1x2y3.js"></script></body></html>';
const EXPLORER = '<!doctype html><html><body><div id="root"></div><script type="module" src="/dashboard/assets/explorer-C4d5e6.js"></script></body></html>';

let dir: string;
let development: RunningGateway;
let production: RunningGateway;

beforeAll(async () => {
  // A dashboard build as Vite writes it: index.html and hashed assets.
  dir = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'explorer.html'), EXPLORER);
  writeFileSync(join(dir, 'assets', 'index-B1x2y3.js'), 'console.log("dashboard")');
  // One after the other, and only two: an Apollo start is heavy, and other files run beside this one.
  // One request in flight at most: the admission test below fills it.
  development = await startTestGateway({ NODE_ENV: 'development', GATEWAY_DASHBOARD_DIR: dir, GATEWAY_MAX_IN_FLIGHT: '1', GATEWAY_THROTTLES: 'false' });
  production = await startTestGateway({ NODE_ENV: 'production', GATEWAY_DASHBOARD_DIR: join(dir, 'missing'), GATEWAY_THROTTLES: 'false', ...PRODUCTION_SECRETS });
});

afterAll(async () => {
  await Promise.all([development?.close(), production?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A GET with the path exactly as written (fetch would resolve `..` first), on a new connection. */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the owner dashboard served by the gateway', () => {
  it('serves its page at /dashboard/ under a strict Content-Security-Policy, revalidated on every visit', async () => {
    const redirect = await fetch(`${development.url}/dashboard`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/dashboard/');
    const page = await fetch(`${development.url}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toBe(INDEX);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self';");
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
    expect(DASHBOARD_CSP).not.toContain('unsafe');
  });

  it('serves hashed assets with a year-long immutable cache, and a 404 for anything else', async () => {
    const asset = await fetch(`${development.url}/dashboard/assets/index-B1x2y3.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of ['/dashboard/assets/nothing.js', '/dashboard/nothing', '/dashboard/index.html', '/dashboard/explorer.html', '/dashboard/assets/..%2f..%2findex.html', '/dashboard/assets/../../package.json']) {
      const missing = await rawGet(development.port, path);
      expect(missing.status, path).toBe(404);
      expect(JSON.parse(missing.body).errors[0].extensions.code, path).toBe('NOT_FOUND');
    }
  });

  it('answers only GET and HEAD under /dashboard: a POST there never reaches GraphQL', async () => {
    const post = await fetch(`${development.url}/dashboard/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${development.url}/dashboard/`, { method: 'HEAD' })).status).toBe(200);
  });

  it('offers the explorer at /dashboard/explorer with a policy of its own, in development only like Sandbox', async () => {
    const explorer = await fetch(`${development.url}/dashboard/explorer`);
    expect(explorer.status).toBe(200);
    expect(await explorer.text()).toBe(EXPLORER);
    expect(explorer.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    expect(EXPLORER_CSP).toContain("worker-src 'self'");
    expect(EXPLORER_CSP).toContain("script-src 'self';");
    const none = await fetch(`${production.url}/dashboard/explorer`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('No such page or file in the dashboard.');
  });

  it('says the dashboard is not built when its build is missing', async () => {
    const page = await fetch(`${production.url}/dashboard/`);
    expect(page.status).toBe(404);
    expect(((await page.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/npm run build -w @shopgraph\/dashboard/);
  });

  it('serves the dashboard ahead of admission control: a full gateway still serves its pages', async () => {
    const held = await fillTheOnePlace(development.port);
    try {
      const page = await fetch(`${development.url}/dashboard/`);
      expect(page.status).toBe(200);
      expect((await fetch(`${development.url}/dashboard/assets/index-B1x2y3.js`)).status).toBe(200);
      // Still full: the pages did not wait for, or take, the place.
      expect((await rawGet(development.port, '/anything')).status).toBe(503);
    } finally {
      held.destroy();
    }
  });
});

/**
 * Takes a gateway's one request place (GATEWAY_MAX_IN_FLIGHT=1) with a GraphQL POST whose
 * body never finishes arriving. The probe that checks it is full takes the place itself for a
 * moment, and a POST arriving then is refused: that one is sent again.
 */
async function fillTheOnePlace(port: number): Promise<Socket> {
  let socket: Socket | undefined;
  let refused = true;
  await waitFor(
    async () => {
      if (refused) {
        socket?.destroy();
        refused = false;
        socket = connect(port, '127.0.0.1');
        socket.once('data', () => (refused = true));
        await new Promise((resolve) => socket!.once('connect', resolve));
        socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
      }
      // On a connection of its own, opened after the POST was sent: a pooled one would be read first.
      return (await rawGet(port, '/anything')).status === 503 && !refused;
    },
    { what: 'the gateway to be full' },
  );
  return socket!;
}
