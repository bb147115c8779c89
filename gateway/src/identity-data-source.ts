import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, type IdentityCodec } from '@shopgraph/kit/identity';
import { REQUEST_ID_HEADER } from '@shopgraph/kit/request-id';
import type { GatewayContext } from './gateway-context.js';

/** Signed identities are valid for 5 minutes; reuse one for a minute per owner. */
const REUSE_MS = 60_000;
const MAX_CACHED = 10_000;

/**
 * Sends each subgraph request with the caller's verified identity, signed with the
 * internal secret, and the request id. Nothing the client sent is forwarded, so a
 * client-made identity header never reaches a subgraph.
 */
export class IdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly signed = new Map<string, { token: string; until: number }>();

  constructor(
    url: string,
    private readonly identities: IdentityCodec,
  ) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.delete(IDENTITY_HEADER);
    if (!('requestId' in context)) return; // health checks and the like
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.ownerId) headers.set(IDENTITY_HEADER, await this.identityFor(context.ownerId));
  }

  private async identityFor(ownerId: string): Promise<string> {
    const now = Date.now();
    const cached = this.signed.get(ownerId);
    if (cached && cached.until > now) return cached.token;
    const token = await this.identities.sign({ kind: 'owner', ownerId });
    if (this.signed.size >= MAX_CACHED) this.signed.clear();
    this.signed.set(ownerId, { token, until: now + REUSE_MS });
    return token;
  }
}
