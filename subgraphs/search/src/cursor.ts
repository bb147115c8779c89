import { badInput } from '@shopgraph/graphql-conventions/errors';
import { toDbId } from '@shopgraph/graphql-conventions/validation';

/** A position in a result list: the relevance rank and the shop id of the last edge. */
export interface Position {
  rank: number;
  id: number;
}

/** Opaque to clients (base64url), so the ordering can change without breaking the API. */
export function encodeCursor({ rank, id }: Position): string {
  return Buffer.from(`${rank}:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  const match = /^(\d):(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString());
  // An id no shop can have (past PostgreSQL's integer) would fail in SQL, not here.
  const id = match ? toDbId(match[2]!) : null;
  if (!match || id === null) throw badInput('after', 'after is not a cursor this API returned.');
  return { rank: Number(match[1]), id };
}
