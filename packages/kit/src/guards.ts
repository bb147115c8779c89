import { forbidden, unauthenticated } from './errors.js';
import type { Identity } from './identity.js';

/** The signed-in owner's id, or UNAUTHENTICATED. */
export function requireOwner(identity: Identity): string {
  if (identity.kind !== 'owner') throw unauthenticated();
  return identity.ownerId;
}

/** Internal query APIs answer platform services only (the projector, resync tools). */
export function requireService(identity: Identity): void {
  if (identity.kind !== 'service') throw forbidden('Internal API: services only.');
}
