import { SignJWT } from 'jose';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER, type Audience, type Identity } from '@shopgraph/identity/identity';
import { queueDrained } from '@shopgraph/testing/queue-drained';
import { TEST_REDIS_URL } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { badMutations, forbiddenMutations, gatewayOnly, misaddressedDirect, unsignedDirect, type AttackCase, type Caller, type Targets } from '../support/attack-corpus.js';
import { gatewayClient } from '../support/client.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let api: ReturnType<typeof gatewayClient>;
let db: pg.Client;
let redis: Redis;
let targets: Targets;
const tokens: Record<'victim' | 'attacker', string> = { victim: '', attacker: '' };
const owners: Record<'victim' | 'attacker', string> = { victim: '', attacker: '' };

/** What no refused request may change: the victim's shop and owner, every table's rows, every outbox, the read model. */
async function state() {
  const { rows } = await db.query(
    `SELECT (SELECT version FROM shop.shop WHERE id = $1) AS shop_version,
            (SELECT version FROM owner.owner WHERE id = $2) AS owner_version,
            (SELECT count(*) FROM shop.shop) AS shops, (SELECT count(*) FROM shop.menu_item) AS items,
            (SELECT count(*) FROM shop.promotion) AS promotions, (SELECT count(*) FROM owner.owner) AS owners,
            (SELECT count(*) FROM review.review) AS reviews, (SELECT count(*) FROM owner.outbox) AS owner_events,
            (SELECT count(*) FROM shop.outbox) AS shop_events, (SELECT count(*) FROM review.outbox) AS review_events,
            (SELECT version FROM ads.campaign WHERE id = $3) AS campaign_version, (SELECT count(*) FROM ads.campaign) AS campaigns,
            (SELECT count(*) FROM ads.outbox) AS ads_events, (SELECT count(*) FROM ads.click) AS clicks`,
    [Number(targets.shopId), Number(owners.victim), Number(targets.campaignId)],
  );
  return { ...rows[0], document: await redis.get(`${stack.prefix}:shop:{${targets.shopId}}`) };
}

/** Stack traces, SQL, internal addresses and driver errors: none may reach a client. */
// SQL is matched by its shape (SELECT … FROM), not by the word alone: graphql-js's own
// validation messages are English ("… must not select an introspection top level field").
const LEAKS = /stacktrace|\n\s+at |\bat [\w.<>]+ \(|\bSELECT\b[\s\S]{0,200}?\bFROM\b|INSERT |UPDATE "|DELETE FROM|prisma|\bpg\b|127\.0\.0\.1|localhost|\[::1\]|ECONN|node_modules|\.ts:\d|\.js:\d/i;

async function signedIdentity(caller: Caller, target: Audience): Promise<Record<string, string>> {
  if (caller === 'none') return {};
  const gatewayKey = stack.env.INTERNAL_TOKEN_SECRET!;
  if (caller === 'forged-service') {
    const claims = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('service:projector').setIssuer('shopgraph-internal:projector');
    return { [IDENTITY_HEADER]: await claims.setAudience(`shopgraph-internal:${target}`).setExpirationTime('5m').sign(new TextEncoder().encode(gatewayKey)) };
  }
  const codec = createIdentityCodec({ gateway: gatewayKey });
  if (caller === 'wrong-audience') return { [IDENTITY_HEADER]: await codec.sign({ kind: 'owner', ownerId: owners.victim }, target === 'display' ? 'shop' : 'display') };
  const identity: Identity = caller === 'anonymous' ? ANONYMOUS : { kind: 'owner', ownerId: owners[caller] };
  return { [IDENTITY_HEADER]: await codec.sign(identity, target) };
}

async function send(attack: AttackCase): Promise<{ status: number; text: string }> {
  const base = attack.target === 'gateway' ? stack.gatewayUrl : `${stack.url(attack.target)}/graphql`;
  const caller =
    attack.target === 'gateway'
      ? attack.caller === 'victim' || attack.caller === 'attacker'
        ? { authorization: `Bearer ${tokens[attack.caller]}` }
        : {}
      : await signedIdentity(attack.caller, attack.target);
  const response = await fetch(`${base}${attack.search ?? ''}`, {
    method: attack.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...caller, ...attack.headers },
    ...(attack.method === 'GET' ? {} : { body: typeof attack.body === 'string' ? attack.body : JSON.stringify(attack.body) }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, text: await response.text() };
}

function corpus(): AttackCase[] {
  const mutations = badMutations(targets);
  const forbidden = forbiddenMutations(targets);
  return [
    ...gatewayOnly(targets),
    ...unsignedDirect(targets),
    ...misaddressedDirect(targets),
    // Every bad input, through the gateway and straight to the subgraph that owns the mutation (signed as the gateway would).
    ...mutations.map((m) => ({ name: `gateway: ${m.name}`, target: 'gateway' as const, caller: m.caller, body: m.body })),
    ...mutations.map((m) => ({ name: `${m.subgraph}: ${m.name}`, target: m.subgraph, caller: m.caller, body: m.body })),
    // Another owner, or nobody, changing the victim's shop.
    ...forbidden.flatMap((m) => [
      { name: `gateway: attacker ${m.name}`, target: 'gateway' as const, caller: 'attacker' as const, body: m.body },
      { name: `gateway: anonymous ${m.name}`, target: 'gateway' as const, caller: 'anonymous' as const, body: m.body },
      { name: `${m.subgraph}: attacker ${m.name}`, target: m.subgraph, caller: 'attacker' as const, body: m.body },
      { name: `${m.subgraph}: anonymous ${m.name}`, target: m.subgraph, caller: 'anonymous' as const, body: m.body },
    ]),
  ];
}

beforeAll(async () => {
  stack = await startStack({
    label: 'e2e-attack',
    // The corpus repeats log-ins and sign-ups from one address; the throttle test below has its own limits.
    env: { THROTTLE_LOGIN_FAILURES_PER_ADDRESS: '1000/86400', THROTTLE_SIGNUP_PER_ADDRESS: '1000/3600', THROTTLE_REVIEW_PER_ADDRESS: '1000/60', THROTTLE_LOGIN_FAILURES_PER_ACCOUNT: '5/600' },
  });
  api = gatewayClient(stack.gatewayUrl);
  db = new pg.Client({ connectionString: stack.db.url });
  await db.connect();
  redis = new Redis(TEST_REDIS_URL);
  const victim = await api.signUp('피해자');
  const attacker = await api.signUp('공격자');
  Object.assign(tokens, { victim: victim.token, attacker: attacker.token });
  Object.assign(owners, { victim: victim.ownerId, attacker: attacker.ownerId });
  const { id } = await api.createShop(victim.token);
  const { addMenuItem } = await api.data(`mutation($id: ID!) { addMenuItem(shopId: $id, input: { name: "후라이드", price: 18000 }) { menu { id } } }`, { id }, victim.token);
  const { addPromotion } = await api.data(
    `mutation($id: ID!, $s: DateTime!, $e: DateTime!) { addPromotion(shopId: $id, input: { title: "첫 주문 할인", startsAt: $s, endsAt: $e }) { version promotions { id } } }`,
    { id, s: new Date(Date.now() - 60_000).toISOString(), e: new Date(Date.now() + 86_400_000).toISOString() },
    victim.token,
  );
  const { createAdCampaign } = await api.data(
    `mutation($id: ID!) { createAdCampaign(shopId: $id, input: { areas: ["seoul-gangnam"], bidPerClick: 500, dailyBudget: 10000 }) { id } }`,
    { id },
    victim.token,
  );
  targets = { shopId: id, menuItemId: addMenuItem.menu[0].id, promotionId: addPromotion.promotions[0].id, victimEmail: victim.email, campaignId: createAdCampaign.id };
  await waitFor(async () => (await api.data(`query($id: ID!) { shop(id: $id) { sourceVersion } }`, { id })).shop?.sourceVersion === addPromotion.version, { what: 'the victim shop published' });
  for (const queue of ['display', 'search', 'review-shops', 'ads-shops', 'ads-serving']) await waitFor(() => queueDrained(queue, stack.prefix), { what: `queue ${queue} drained` });
}, 120_000);

afterAll(async () => {
  await db?.end();
  redis?.disconnect();
  await stack?.close();
});

describe('the bad-input and attack corpus', () => {
  it('has at least 200 cases', () => {
    expect(corpus().length).toBeGreaterThanOrEqual(200);
  });

  it('answers every case below 500 with a coded error, leaks nothing, and changes nothing', async () => {
    const before = await state();
    const failures: string[] = [];
    for (const attack of corpus()) {
      const { status, text } = await send(attack);
      let body: { errors?: { extensions?: { code?: unknown } }[] } | undefined;
      try {
        body = JSON.parse(text);
      } catch {
        // reported below
      }
      const codes = body?.errors?.map((e) => e.extensions?.code) ?? [];
      const problems = [
        status >= 500 && `status ${status}`,
        !body && 'not JSON',
        codes.length === 0 && 'no error',
        codes.some((code) => typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR') && `codes ${JSON.stringify(codes)}`,
        LEAKS.test(text) && `leaks: ${LEAKS.exec(text)?.[0]}`,
      ].filter(Boolean);
      const after = await state();
      if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`changed state: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      if (problems.length) failures.push(`${attack.name}: ${problems.join('; ')} — ${status} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('throttles failed log-ins per account (5 per 10 minutes here) with 429 and Retry-After', async () => {
    const account = `throttled-${Date.now()}@example.com`;
    const attempt = (variant: string) =>
      fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // One account however its address is written.
        body: JSON.stringify({ query: 'mutation($e: String!) { logIn(email: $e, password: "wrong-password") { token } }', variables: { e: variant } }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await attempt(i % 2 ? account : ` ${account.toUpperCase()} `)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]); // UNAUTHENTICATED, in the body
    const refused = await attempt(account);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('TOO_MANY_REQUESTS');
  });
});
