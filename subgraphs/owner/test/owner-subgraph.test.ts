import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/identity/identity';
import { createLogger } from '@shopgraph/telemetry/logger';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { dataOf, errorCode, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { loadConfig } from '../src/config.js';
import { startOwnerSubgraph } from '../src/start-owner-subgraph.js';

const SECRET = 'owner-test-internal-secret';
const identities = createIdentityCodec(SECRET);
let db: TestDatabase;
let prefix: string;
let subgraph: CommandSubgraph;

/** As the gateway calls: signed, anonymous unless `headers` carry another identity. */
const call = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  graphqlRequest(subgraph.graphqlUrl, query, variables, { [IDENTITY_HEADER]: await identities.sign(ANONYMOUS, 'owner'), ...headers });
const unsigned = (query: string, variables: Record<string, unknown> = {}) => graphqlRequest(subgraph.graphqlUrl, query, variables);
const asOwner = async (ownerId: string) => ({ [IDENTITY_HEADER]: await identities.sign({ kind: 'owner', ownerId }, 'owner') });
const asService = async () => ({ [IDENTITY_HEADER]: await identities.sign({ kind: 'service', service: 'projector' }, 'owner') });

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token owner { id email name phone createdAt } } }`;

async function signUp(email: string, extra: Record<string, unknown> = {}) {
  const response = await call(SIGN_UP, { input: { email, password: 'correct horse', name: '김사장', ...extra } });
  return dataOf(response).signUp as { token: string; owner: { id: string; email: string; name: string } };
}

async function outboxEvents() {
  return subgraph.prisma.ownerOutbox.findMany({ orderBy: { id: 'asc' } });
}

beforeAll(async () => {
  db = await createTestDatabase('owner');
  prefix = uniquePrefix('owner');
  const config = loadConfig({
    OWNER_PORT: '0',
    DATABASE_URL: db.url,
    QUEUE_REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    INTERNAL_TOKEN_SECRET: SECRET,
    LOG_LEVEL: 'silent',
  });
  subgraph = await startOwnerSubgraph(config, createLogger('owner', 'silent'));
});

afterAll(async () => {
  await subgraph?.close();
  await db?.drop();
  await deleteKeysWithPrefix(prefix);
});

describe('signUp', () => {
  it('registers an owner with a lower-cased email and returns a token', async () => {
    const result = await signUp('New.Owner@Example.com', { phone: '010-1234-5678' });
    expect(result.owner).toMatchObject({ email: 'new.owner@example.com', name: '김사장', phone: '010-1234-5678' });
    expect(result.token.split('.')).toHaveLength(3);
    const row = await subgraph.prisma.owner.findUnique({ where: { email: 'new.owner@example.com' } });
    expect(row?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row?.passwordHash).not.toContain('correct horse');
  });

  it('answers CONFLICT for an email registered in another case, and creates nothing', async () => {
    await signUp('taken@example.com');
    const before = await subgraph.prisma.owner.count();
    const response = await call(SIGN_UP, { input: { email: 'TAKEN@example.com', password: 'another one', name: 'x' } });
    expect(errorCode(response)).toBe('CONFLICT');
    expect(response.errors?.[0]?.extensions?.field).toBe('input.email');
    expect(await subgraph.prisma.owner.count()).toBe(before);
  });

  it.each([
    [{ password: 'short' }, 'input.password'],
    [{ email: 'not-an-email' }, 'input.email'],
    [{ name: '   ' }, 'input.name'],
    [{ phone: '12345' }, 'input.phone'],
  ])('rejects %o with BAD_USER_INPUT naming %s', async (override, field) => {
    const before = await subgraph.prisma.owner.count();
    const response = await call(SIGN_UP, { input: { email: 'valid@example.com', password: 'long enough', name: 'n', ...override } });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(JSON.stringify(response)).not.toMatch(/stack|prisma|SELECT|INSERT/i);
    expect(await subgraph.prisma.owner.count()).toBe(before);
  });
});

describe('logIn', () => {
  it('returns a token for the right password and UNAUTHENTICATED otherwise', async () => {
    const { owner } = await signUp('login@example.com');
    const ok = await call(`mutation { logIn(email: "LOGIN@example.com", password: "correct horse") { owner { id } } }`);
    expect(dataOf(ok).logIn.owner.id).toBe(owner.id);
    const wrong = await call(`mutation { logIn(email: "login@example.com", password: "wrong horse") { token } }`);
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    const unknown = await call(`mutation { logIn(email: "nobody@example.com", password: "correct horse") { token } }`);
    expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });
});

describe('me and identity', () => {
  it('answers me for a signed owner, null for a signed anonymous caller, and refuses unsigned or forged requests with 401', async () => {
    const { owner } = await signUp('me@example.com');
    const signed = await call('{ me { id email } }', {}, await asOwner(owner.id));
    expect(dataOf(signed).me).toEqual({ id: owner.id, email: 'me@example.com' });
    expect(dataOf(await call('{ me { id } }')).me).toBeNull();
    const forgedToken = await createIdentityCodec('not-the-real-secret').sign({ kind: 'owner', ownerId: owner.id }, 'owner');
    for (const response of [
      await unsigned('{ me { id } }'),
      await call('{ me { id } }', {}, { [IDENTITY_HEADER]: forgedToken }),
      await call('{ me { id } }', {}, { [IDENTITY_HEADER]: owner.id }),
    ]) {
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
      expect(response.data).toBeUndefined();
    }
  });
});

describe('updateProfile', () => {
  it('renames the owner, bumps the version and writes one owner.updated event', async () => {
    const { owner } = await signUp('rename@example.com');
    const eventsBefore = (await outboxEvents()).length;
    const response = await call(`mutation { updateProfile(name: "박사장", phone: null) { id name phone } }`, {}, await asOwner(owner.id));
    expect(dataOf(response).updateProfile).toEqual({ id: owner.id, name: '박사장', phone: null });
    const row = await subgraph.prisma.owner.findUniqueOrThrow({ where: { id: Number(owner.id) } });
    expect(row.version).toBe(2);
    const events = (await outboxEvents()).slice(eventsBefore);
    expect(events.map((e) => [e.event, e.payload])).toEqual([['owner.updated', { ownerId: owner.id }]]);
  });

  it('refuses without a token and for bad input, changing nothing and publishing nothing', async () => {
    const { owner } = await signUp('refuse@example.com');
    const eventsBefore = (await outboxEvents()).length;
    expect(errorCode(await call(`mutation { updateProfile(name: "x") { id } }`))).toBe('UNAUTHENTICATED');
    const bad = await call(`mutation { updateProfile(name: "${'가'.repeat(51)}") { id } }`, {}, await asOwner(owner.id));
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.field).toBe('name');
    expect((await outboxEvents()).length).toBe(eventsBefore);
    expect((await subgraph.prisma.owner.findUniqueOrThrow({ where: { id: Number(owner.id) } })).name).toBe('김사장');
  });
});

describe('internal and federation APIs', () => {
  it('answers ownerSnapshot to services only', async () => {
    const { owner } = await signUp('snapshot@example.com');
    const query = `query($id: ID!) { ownerSnapshot(id: $id) { id name version } }`;
    expect(dataOf(await call(query, { id: owner.id }, await asService())).ownerSnapshot).toEqual({ id: owner.id, name: '김사장', version: 1 });
    expect(errorCode(await call(query, { id: owner.id }, await asOwner(owner.id)))).toBe('FORBIDDEN');
    expect(errorCode(await call(query, { id: owner.id }))).toBe('FORBIDDEN');
  });

  it('resolves Owner entities through _entities for that owner or a service, and for nobody else', async () => {
    const { owner } = await signUp('entity@example.com');
    const other = (await signUp('other-entity@example.com')).owner;
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Owner { id email phone name } } }`;
    const r = [{ __typename: 'Owner', id: owner.id }, { __typename: 'Owner', id: '999999' }];
    const own = { id: owner.id, email: 'entity@example.com', phone: null, name: '김사장' };
    expect(dataOf(await call(query, { r }, await asOwner(owner.id)))._entities).toEqual([own, null]);
    expect(dataOf(await call(query, { r }, await asService()))._entities).toEqual([own, null]);
    // Anyone else the platform signs for sees no one's e-mail or phone.
    expect(dataOf(await call(query, { r }))._entities).toEqual([null, null]);
    expect(dataOf(await call(query, { r }, await asOwner(other.id)))._entities).toEqual([null, null]);
    // And the port answers no unsigned request at all.
    const open = await unsigned(query, { r });
    expect(open.status).toBe(401);
    expect(JSON.stringify(open)).not.toContain('entity@example.com');
  });
});
