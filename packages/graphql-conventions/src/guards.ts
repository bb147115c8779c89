import { forbidden, unauthenticated } from './errors.js';
import type { Identity } from '@shopgraph/identity/identity';

/** The signed-in owner's id, or UNAUTHENTICATED. */
export function requireOwner(identity: Identity): string {
  if (identity.kind !== 'owner') throw unauthenticated();
  return identity.ownerId;
}

/** Internal query APIs answer platform services only (the projector, resync tools). */
export function requireService(identity: Identity): void {
  if (identity.kind !== 'service') throw forbidden('Internal API: services only.');
}

/**
 * Whether the caller may see an owner's private data (e-mail, phone, managed shops): that
 * owner, or a platform service. Entity lookups check it too, although only the platform
 * can reach them, so a signed anonymous request cannot ask `_entities` for anyone's data.
 */
export function mayViewOwner(identity: Identity, ownerId: string): boolean {
  return identity.kind === 'service' || (identity.kind === 'owner' && identity.ownerId === ownerId);
}
