import { dataOf, graphqlRequest } from '@shopgraph/testing/graphql-request';
import { randomBytes } from 'node:crypto';

/** A frontend or dashboard talking to the gateway over HTTP. */
export function gatewayClient(url: string) {
  const client = {
    request: (query: string, variables: Record<string, unknown> = {}, token?: string, headers: Record<string, string> = {}) =>
      graphqlRequest(url, query, variables, { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }),
    async data(query: string, variables: Record<string, unknown> = {}, token?: string) {
      return dataOf(await client.request(query, variables, token));
    },
    /** Signs up a fresh owner; returns the token and id. */
    async signUp(name = '김사장') {
      const email = `owner-${randomBytes(4).toString('hex')}@example.com`;
      const { signUp } = await client.data(`mutation($i: SignUpInput!) { signUp(input: $i) { token owner { id } } }`, {
        i: { email, password: 'password1', name },
      });
      return { token: signUp.token as string, ownerId: signUp.owner.id as string, email };
    },
    async createShop(token: string, overrides: Record<string, unknown> = {}) {
      const { createShop } = await client.data(
        `mutation($i: CreateShopInput!) { createShop(input: $i) { id version } }`,
        { i: { name: '교촌치킨 역삼점', category: 'CHICKEN', phone: '02-123-4567', address: '서울 강남구 역삼로 123', ...overrides } },
        token,
      );
      return createShop as { id: string; version: number };
    },
  };
  return client;
}
