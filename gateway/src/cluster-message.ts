/**
 * A test for one kind of message between the cluster's primary and its workers: an object
 * whose `kind` is `kind` (messages of other kinds, and the primary's plain strings, fail it).
 */
export const isClusterMessage =
  <M extends { kind: string }>(kind: M['kind']) =>
  (message: unknown): message is M =>
    typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === kind;
