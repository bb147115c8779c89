import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient } from '../support/client.js';
import { startStack, type Stack } from '../support/stack.js';

// The gateway's shipped log-in throttles. Each test's log-ins come from one address of its own
// (X-Forwarded-For, trusted here as behind a load balancer), as everyone behind one NAT does.
let stack: Stack;
let api: ReturnType<typeof gatewayClient>;

beforeAll(async () => {
  stack = await startStack({ label: 'e2e-login-throttle', env: { GATEWAY_TRUSTED_PROXIES: '1' } });
  api = gatewayClient(stack.gatewayUrl);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

async function logIn(email: string, password: string, address: string) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }', variables: { e: email, p: password } }),
  });
  const body = (await response.json()) as { data?: { logIn: { token: string } | null }; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, token: body.data?.logIn?.token, code: body.errors?.[0]?.extensions?.code };
}

describe('log-in throttles', () => {
  it('thirty wrong passwords for one account do not lock another owner out at the same address', async () => {
    const address = '203.0.113.1';
    const guessed = await api.signUp('표적');
    const neighbour = await api.signUp('이웃');
    const outcomes = [];
    for (let i = 0; i < 30; i += 1) outcomes.push(await logIn(guessed.email, `wrong-password-${i}`, address));
    expect(outcomes.slice(0, 10).map((o) => o.code)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    // The guessed account is locked for this address after its consecutive failures...
    expect(outcomes.slice(10).map((o) => o.status)).toEqual(Array(20).fill(429));
    // ...and nobody else is.
    const neighbours = await logIn(neighbour.email, 'password1', address);
    expect(neighbours.status).toBe(200);
    expect(neighbours.token).toEqual(expect.any(String));
  });

  it('locks an account and address after ten consecutive failures, and a correct log-in resets the count', async () => {
    const address = '203.0.113.2';
    const owner = await api.signUp('사장');
    for (let i = 0; i < 4; i += 1) expect((await logIn(owner.email, 'wrong-password', address)).code).toBe('UNAUTHENTICATED');
    expect((await logIn(owner.email, 'password1', address)).token).toEqual(expect.any(String));
    // Counted again from zero: ten more failures are answered, the eleventh attempt is refused.
    for (let i = 0; i < 10; i += 1) expect((await logIn(owner.email, 'wrong-password', address)).code).toBe('UNAUTHENTICATED');
    const locked = await logIn(owner.email, 'password1', address);
    expect(locked.status).toBe(429);
    expect(locked.code).toBe('TOO_MANY_REQUESTS');
  });

  it('holds a point for every log-in in flight, so guesses sent at once get no more tries than guesses in a row', async () => {
    const address = '203.0.113.3';
    const owner = await api.signUp('동시');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => logIn(owner.email, 'wrong-password', address)));
    expect(outcomes.filter((o) => o.code === 'UNAUTHENTICATED')).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 429)).toHaveLength(10);
  });

  it('an owner who signed in from an address before still can once that address has spent its failure budget', async () => {
    const address = '203.0.113.4';
    const regular = await api.signUp('단골');
    expect((await logIn(regular.email, 'password1', address)).token).toEqual(expect.any(String));
    // Guess at fresh accounts (ten tries each, within their own limits) until the address itself is refused.
    let spent = false;
    for (let account = 0; account < 15 && !spent; account += 1) {
      const guessed = await api.signUp(`추측 ${account}`);
      for (let i = 0; i < 10 && !spent; i += 1) spent = (await logIn(guessed.email, 'wrong-password', address)).status === 429;
    }
    expect(spent).toBe(true);
    const newcomer = await api.signUp('신규');
    expect((await logIn(newcomer.email, 'password1', address)).status).toBe(429);
    const again = await logIn(regular.email, 'password1', address);
    expect(again.status).toBe(200);
    expect(again.token).toEqual(expect.any(String));
  });
});
