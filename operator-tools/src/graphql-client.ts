/** A GraphQL error answer, with the first error's code and, when throttled, how long to wait. */
export class GraphQLCallError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
  }
}

/** A GraphQL call to the gateway for scripts; throws a GraphQLCallError on errors, with their codes. */
export async function graphql<T = unknown>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string; retryAfter?: number } }[] };
  if (body.errors?.length) {
    const first = body.errors[0]!.extensions;
    throw new GraphQLCallError(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '), first?.code, first?.retryAfter);
  }
  return body.data as T;
}
