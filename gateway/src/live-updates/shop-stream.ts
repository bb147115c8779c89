import type { ExecutionResult } from 'graphql';

/** One read of a shop for a selection, shared by every stream watching that (shop, selection). */
export interface LiveView {
  /** `{ data: { shopPublished: … } }`, as pushed. */
  result: ExecutionResult;
  /** The result as JSON, to tell views apart. */
  text: string;
  /** The result as a graphql-sse `next` message (printed by graphql-sse's `print`), written to every stream as it is. */
  event: string;
  /** The shop's sourceVersion; null when the shop is not there (unknown, not published yet, or deleted). */
  version: number | null;
}

/**
 * What one client's stream has been sent. It is the operation graphql-sse runs for the
 * stream: an async iterator that ends (and graphql-sse then sends `complete`) when the shop is
 * deleted or the stream is closed. Views do not travel through it: each view's `next` message
 * is printed once (graphql-sse's `print`) and written to every stream's response through the
 * sink the route attaches, so a fan-out to thousands of streams serialises once and costs one
 * socket write per stream, not a chain of promises and a JSON.stringify each. Written before
 * the sink is attached (the first view, offered while graphql-sse sets the stream up), a
 * message waits for it.
 *
 * A view is pushed only if it is no older than the last one sent (its sourceVersion), and,
 * unless the push is forced (the subscription came back after a gap), differs from it.
 * A null view after a shop was sent means the shop was deleted: null, then the stream ends.
 */
export class ShopStream implements AsyncGenerator<ExecutionResult, void, undefined> {
  private readonly early: string[] = [];
  private sink: ((message: string) => void) | undefined;
  private waiting: ((result: IteratorResult<ExecutionResult, void>) => void) | undefined;
  private finished = false;
  private ended = false;
  private sentText: string | undefined;
  private sentVersion: number | null = null;
  private sentShop = false;

  /** `onEnd` runs once, when the stream ends for any reason (deleted, client gone, drain). */
  constructor(private readonly onEnd: () => void) {}

  /** Offers a view; true when it is pushed. */
  offer(view: LiveView, force = false): boolean {
    if (this.finished) return false;
    if (view.version !== null && this.sentVersion !== null && view.version < this.sentVersion) return false;
    if (!force && view.text === this.sentText) return false;
    this.sentText = view.text;
    if (view.version !== null) this.sentVersion = view.version;
    const deleted = view.version === null && this.sentShop;
    this.sentShop ||= view.version !== null;
    if (this.sink) this.sink(view.event);
    else this.early.push(view.event);
    if (deleted) {
      this.finished = true;
      this.wake();
    }
    return true;
  }

  /** Where messages are written from now on (the stream's response, once its headers are out); writes those that waited. */
  attach(sink: (message: string) => void): void {
    this.sink = sink;
    for (const message of this.early.splice(0)) sink(message);
  }

  private wake(): void {
    if (this.finished && this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
      this.end();
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
  }

  next(): Promise<IteratorResult<ExecutionResult, void>> {
    if (this.finished) {
      this.end();
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<ExecutionResult, void>> {
    this.finished = true;
    this.sink = undefined;
    this.early.length = 0;
    this.wake();
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<ExecutionResult, void>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
