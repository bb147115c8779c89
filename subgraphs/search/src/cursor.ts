import { badInput } from '@shopgraph/kit/errors';

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
  if (!match) throw badInput('after', 'after is not a cursor this API returned.');
  return { rank: Number(match[1]), id: Number(match[2]) };
}
