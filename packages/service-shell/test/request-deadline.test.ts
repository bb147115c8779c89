import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../src/http-server.js';

let server: RunningServer;
const held: import('node:http').ServerResponse[] = [];

beforeAll(async () => {
  // A handler that never answers: the deadline must answer for it.
  server = await listen((_req, res) => void held.push(res), 0, '127.0.0.1', { requestTimeoutMs: 300 });
});

afterAll(async () => {
  await server.close();
});

describe('a request its handler never answers', () => {
  it('gets a coded, retryable 503 at the deadline instead of waiting for ever', async () => {
    const started = Date.now();
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5000);
    // The handler writing late changes nothing for the client.
    expect(() => held[0]!.end('late')).not.toThrow();
  });
});
