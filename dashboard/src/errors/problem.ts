import type { CombinedError } from '@urql/core';

/** What went wrong with a request, in the terms the page shows it. */
export type Problem =
  /** BAD_USER_INPUT (or CONFLICT) naming a field the form has: shown on that field. */
  | { kind: 'field'; field: string; message: string }
  | { kind: 'too-many-requests'; retryAfterSeconds: number | undefined }
  | { kind: 'unavailable' }
  | { kind: 'network' }
  | { kind: 'other'; message: string };

/**
 * The problem an urql error stands for. `fields`: the form's field names; an
 * `extensions.field` is the input's path (`input.price`, `email`), matched without the
 * `input.` prefix the mutations' argument adds. `fieldOf` turns that path into the form's
 * name where they differ (a list entry's index into the day it was sent for).
 */
export function problemFrom(error: CombinedError, fields: readonly string[] = [], fieldOf: (path: string) => string = (path) => path): Problem {
  const [first] = error.graphQLErrors;
  if (!first) return { kind: 'network' };
  const code = first.extensions?.code;
  const path = first.extensions?.field;
  if ((code === 'BAD_USER_INPUT' || code === 'CONFLICT') && typeof path === 'string') {
    const field = fieldOf(path.replace(/^input\./, ''));
    if (fields.includes(field)) return { kind: 'field', field, message: first.message };
  }
  if (code === 'TOO_MANY_REQUESTS') {
    const retryAfter = first.extensions?.retryAfter;
    return { kind: 'too-many-requests', retryAfterSeconds: typeof retryAfter === 'number' ? retryAfter : undefined };
  }
  if (code === 'SERVICE_UNAVAILABLE') return { kind: 'unavailable' };
  return { kind: 'other', message: first.message };
}
