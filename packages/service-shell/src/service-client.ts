import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { createIdentitySigner, IDENTITY_HEADER, INTERNAL_CALLERS, type Audience, type Caller, type IdentityCodec } from '@shopgraph/identity/identity';
import { REQUEST_ID_HEADER } from '@shopgraph/telemetry/request-id';
import { createSubgraphFetch, type SubgraphResponse } from './subgraph-fetch.js';

/** The source service could not be reached or answered 5xx: worth retrying later. */
export class SourceUnavailableError extends Error {
  override name = 'SourceUnavailableError';
}

/** The source answered with GraphQL errors: a bug or a contract mismatch, not an outage. */
export class SourceQueryError extends Error {
  override name = 'SourceQueryError';
}

export interface ServiceClientOptions {
  /** The subgraph's /graphql URL. */
  url: string;
  /** This service's name, sent as a signed service identity (`INTERNAL_CALLERS` says whom it may call). */
  service: Caller;
  identity: IdentityCodec;
  /**
   * The subgraph at `url`, the only one its tokens are good for.
   * @default the one subgraph `service` may call, for a service that may call one only
   */
  audience?: Audience;
  /**
   * Per-request timeout in ms.
   * @default 3000
   */
  timeoutMs?: number;
  /**
   * Calls in flight at once; one more fails at once as unavailable (the caller retries later).
   * @default 64
   */
  maxInFlight?: number;
}

/** A larger answer is refused while it streams in: 500 shops' snapshots with full menus are ~2 MB. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface ServiceClient {
  /**
   * Sends one of the documents generated from the subgraph's SDL (see the caller's
   * codegen.ts), so its variables and its answer are typed as the subgraph declares them.
   */
  request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables, requestId?: string): Promise<TResult>;
}

/** Each document's text, printed once: a service sends the same few documents all day. */
const printed = new WeakMap<DocumentNode, string>();

function queryText(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
}

/**
 * A minimal GraphQL client for a command subgraph's internal query API. Calls are made
 * as a signed service identity, so the internal queries can refuse everyone else.
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const timeoutMs = options.timeoutMs ?? 3000;
  const audiences: readonly Audience[] = INTERNAL_CALLERS[options.service];
  const audience = options.audience ?? (audiences.length === 1 ? audiences[0]! : undefined);
  if (!audience) throw new Error(`${options.service} calls ${audiences.join(', ')}: name the audience of ${options.url}`);
  const sign = createIdentitySigner(options.identity, audience);
  const identityToken = () => sign({ kind: 'service', service: options.service });
  const fetch = createSubgraphFetch({ timeoutMs, maxResponseBytes: MAX_RESPONSE_BYTES, maxInFlight: options.maxInFlight ?? 64 });
  return {
    async request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables, requestId?: string): Promise<TResult> {
      let response: SubgraphResponse;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [IDENTITY_HEADER]: await identityToken(),
            ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
          },
          body: JSON.stringify({ query: queryText(document), variables }),
        });
      } catch (error) {
        throw new SourceUnavailableError(`${options.url}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (response.status >= 500) {
        throw new SourceUnavailableError(`${options.url} answered ${response.status}`);
      }
      const body = (await response.json().catch(() => ({}))) as { data?: TResult; errors?: { message: string; extensions?: { code?: string } }[] };
      if (body.errors?.length) {
        const unavailable = body.errors.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
        const message = `${options.url}: ${body.errors.map((e) => e.message).join('; ')}`;
        throw unavailable ? new SourceUnavailableError(message) : new SourceQueryError(message);
      }
      if (!body.data) throw new SourceQueryError(`${options.url} answered ${response.status} without data`);
      return body.data;
    },
  };
}
