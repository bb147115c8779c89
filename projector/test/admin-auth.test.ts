import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@shopgraph/redis-client/redis';
import { startPrivateRedis } from '@shopgraph/testing/private-redis';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import type { RedisClient } from '@shopgraph/redis-client/redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createAdminAuth } from '../src/admin/admin-auth.js';

const TOKEN = 'admin-auth-test-token-0123456789abcdef';
const prefix = uniquePrefix('admin-auth');
const redis = createRedis(TEST_REDIS_URL, 'read-model');
const servers: Server[] = [];

/** The admin sign-in and one protected route, as the projector mounts them. */
async function adminApp(options: { sessionTtlSeconds?: number; plainHttp?: boolean; failuresPerAddress?: { points: number; seconds: number }; redis?: RedisClient } = {}) {
  const auth = createAdminAuth({ token: TOKEN, redis, prefix: `${prefix}:${servers.length}`, ...options });
  const app = express();
  auth.mountSignIn(app);
  app.get('/admin/secret', auth.requireAdmin, (_req, res) => void res.json({ ok: true }));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    signIn: (token: string) =>
      fetch(`${base}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }), redirect: 'manual' }),
    signOut: (cookie: string) => fetch(`${base}/admin/logout`, { method: 'POST', headers: { cookie }, redirect: 'manual' }),
    secret: (cookie: string) => fetch(`${base}/admin/secret`, { headers: { cookie } }).then((r) => r.status),
    secretResponse: (cookie: string) => fetch(`${base}/admin/secret`, { headers: { cookie } }),
  };
}

const sessionOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;

beforeAll(async () => {
  await redis.ping();
});

afterAll(async () => {
  for (const server of servers) server.close();
  await deleteKeysWithPrefix(prefix, TEST_REDIS_URL);
  redis.disconnect();
});

describe('admin sign-in', () => {
  it('gives every sign-in a session of its own, never a value derived from the token', async () => {
    const admin = await adminApp();
    const [first, second] = [sessionOf(await admin.signIn(TOKEN)), sessionOf(await admin.signIn(TOKEN))];
    expect(first).not.toBe(second);
    expect(await admin.secret(first)).toBe(200);
    expect(await admin.secret(second)).toBe(200);
    expect(await admin.secret('shopgraph_admin=made-up')).toBe(401);
  });

  it('ends a session on the server at its expiry, whatever the browser keeps', async () => {
    const admin = await adminApp({ sessionTtlSeconds: 1 });
    const session = sessionOf(await admin.signIn(TOKEN));
    expect(await admin.secret(session)).toBe(200);
    await waitFor(async () => (await admin.secret(session)) === 401 || undefined, { what: 'the session to expire', timeoutMs: 5000 });
  });

  it('signs out: the session is gone on the server and the cookie is cleared', async () => {
    const admin = await adminApp();
    const session = sessionOf(await admin.signIn(TOKEN));
    const out = await admin.signOut(session);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/login');
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    // A copy of the cookie kept elsewhere no longer works either.
    expect(await admin.secret(session)).toBe(401);
  });

  it('marks the cookie Secure, also behind a proxy that ends TLS, unless plain HTTP is allowed explicitly', async () => {
    const secure = (await (await adminApp()).signIn(TOKEN)).headers.get('set-cookie')!;
    expect(secure).toMatch(/; Secure/);
    expect(secure).toMatch(/HttpOnly/);
    expect(secure).toMatch(/SameSite=Strict/);
    const plain = (await (await adminApp({ plainHttp: true })).signIn(TOKEN)).headers.get('set-cookie')!;
    expect(plain).not.toMatch(/Secure/);
  });

  it('refuses sign-ins from an address after its failures, with 429 and Retry-After, the right token too', async () => {
    const admin = await adminApp({ failuresPerAddress: { points: 5, seconds: 600 } });
    for (let i = 0; i < 5; i += 1) expect((await admin.signIn(`wrong-${i}`)).status).toBe(401);
    const refused = await admin.signIn(TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('set-cookie')).toBeNull();
  });

  it('does not count a correct sign-in as a failure, and clears the count', async () => {
    const admin = await adminApp({ failuresPerAddress: { points: 3, seconds: 600 } });
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 2; i += 1) expect((await admin.signIn('wrong')).status).toBe(401);
      expect((await admin.signIn(TOKEN)).status).toBe(303);
    }
  });

  it('answers 503 with Retry-After while its Redis is down, never an error page', async () => {
    await using down = await startPrivateRedis();
    const own = createRedis(down.url, 'read-model');
    own.on('error', () => {});
    try {
      const admin = await adminApp({ redis: own });
      const session = sessionOf(await admin.signIn(TOKEN));
      expect(await admin.secret(session)).toBe(200);
      await down.stop();
      for (const response of [await admin.secretResponse(session), await admin.signIn(TOKEN), await admin.signOut(session)]) {
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('1');
        expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
      }
    } finally {
      own.disconnect();
    }
  });
});
