import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAdmission } from '../src/admission.js';
import { listen, type RunningServer } from '../src/http-server.js';

let server: RunningServer;
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = await listen(withAdmission((_req, res) => void held.push(res), 2), 0, '127.0.0.1');
});

afterAll(async () => {
  for (const res of held) res.end();
  await server.close();
});

describe('admission control', () => {
  it('refuses a request over the limit at once with a retryable 503, and admits again once one finishes', async () => {
    const first = fetch(server.url, { method: 'POST', body: '{}' });
    const second = fetch(server.url, { method: 'POST', body: '{}' });
    await expect.poll(() => held.length).toBe(2);
    const started = Date.now();
    const refused = await fetch(server.url, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1000);
    held.shift()!.end('done');
    expect((await first).status).toBe(200);
    const admitted = fetch(server.url, { method: 'POST', body: '{}' });
    await expect.poll(() => held.length).toBe(2);
    held.splice(0).forEach((res) => res.end('done'));
    expect((await second).status).toBe(200);
    expect((await admitted).status).toBe(200);
  });
});
