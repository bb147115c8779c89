/**
 * The network edge, faked: a `fetch` that answers GraphQL requests by operation name the
 * way the gateway does (JSON bodies, HTTP statuses, a dropped connection), so everything
 * above it — urql's fetch exchange, its error parsing, the pages — runs for real.
 */
export type FakeAnswer =
  | { data: unknown; status?: number }
  | { errors: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown; status?: number }
  | 'network-down';

export interface FakeRequest {
  operationName: string;
  variables: Record<string, unknown>;
  authorization: string | null;
}

export type FakeHandler = (request: FakeRequest) => FakeAnswer;

export interface FakeGateway {
  fetch: typeof fetch;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Replaces or adds the handler of one operation. */
  answer(operationName: string, handler: FakeHandler | FakeAnswer): void;
}

export function fakeGateway(handlers: Record<string, FakeHandler | FakeAnswer> = {}): FakeGateway {
  const current = new Map(Object.entries(handlers));
  const requests: FakeRequest[] = [];
  const fetchStub = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; variables?: Record<string, unknown> };
    const headers = new Headers(init?.headers);
    const request = { operationName: body.operationName, variables: body.variables ?? {}, authorization: headers.get('authorization') };
    requests.push(request);
    const handler = current.get(body.operationName);
    if (!handler) throw new Error(`fake gateway: no answer for ${body.operationName}`);
    const answer = typeof handler === 'function' ? handler(request) : handler;
    if (answer === 'network-down') throw new TypeError('Failed to fetch');
    const { status = 200, ...json } = answer;
    return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
  };
  return {
    fetch: fetchStub as typeof fetch,
    requests,
    answer: (operationName, handler) => void current.set(operationName, handler),
  };
}

/** A GraphQL error the way the gateway words it. */
export const graphqlError = (code: string, message: string, extensions: Record<string, unknown> = {}) => ({
  errors: [{ message, extensions: { code, ...extensions } }],
});
