import { GraphQLError } from 'graphql';

export interface SubgraphFetchLimits {
  /** A subgraph that has not answered by then is reported unavailable. */
  timeoutMs: number;
  /** A larger answer is refused while it streams in, before the gateway holds it all. */
  maxResponseBytes: number;
}

export const responseTooLarge = () =>
  new GraphQLError('The answer to this request is too large: ask for fewer shops or fewer fields.', {
    extensions: { code: 'RESPONSE_TOO_LARGE' },
  });

const timedOut = (url: string, ms: number) =>
  new GraphQLError('A service this request needs did not answer in time; try again shortly.', {
    extensions: { code: 'SERVICE_UNAVAILABLE' },
    originalError: new Error(`${url} did not answer within ${ms} ms`),
  });

/** Reads a body up to `max` bytes, cancelling the stream as soon as it goes over. */
async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > max || !response.body) {
    await response.body?.cancel();
    if (declared > max) throw responseTooLarge();
    return new Uint8Array();
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > max) {
      await reader.cancel();
      throw responseTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

/**
 * `fetch` for every call the gateway makes to a subgraph (the federated executor's and the
 * direct reads'): bounded in time and in the bytes it buffers. The answer is buffered whole
 * (a GraphQL response is parsed whole anyway) and handed back as a Response.
 */
export function createSubgraphFetch({ timeoutMs, maxResponseBytes }: SubgraphFetchLimits) {
  return async (url: string, init: RequestInit = {}): Promise<Response> => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(url, { ...init, signal });
      const body = await readCapped(response, maxResponseBytes);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (signal.aborted) throw timedOut(url, timeoutMs);
      throw error;
    }
  };
}

export type SubgraphFetch = ReturnType<typeof createSubgraphFetch>;
