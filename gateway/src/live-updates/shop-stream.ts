import type { ExecutionResult } from 'graphql';

/** One read of a shop for a selection, shared by every stream watching that (shop, selection). */
export interface LiveView {
  /** `{ data: { shopPublished: … } }`, as pushed. */
  result: ExecutionResult;
  /** The result as JSON, to tell views apart. */
  text: string;
  /** The shop's sourceVersion; null when the shop is not there (unknown, not published yet, or deleted). */
  version: number | null;
}

/**
 * What one client's stream has been sent, and the events it has still to take. It is the
 * async iterator graphql-sse consumes (one `next` event per value; `complete` when it ends),
 * and what the fan-out offers every view to.
 *
 * A view is pushed only if it is no older than the last one sent (its sourceVersion), and,
 * unless the push is forced (the subscription came back after a gap), differs from it.
 * A null view after a shop was sent means the shop was deleted: null, then the stream ends.
 */
export class ShopStream implements AsyncGenerator<ExecutionResult, void, undefined> {
  private readonly queue: ExecutionResult[] = [];
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
    this.push(view.result);
    if (deleted) this.finished = true;
    this.wake();
    return true;
  }

  private push(result: ExecutionResult): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: result, done: false });
    } else this.queue.push(result);
  }

  private wake(): void {
    if (this.finished && this.queue.length === 0 && this.waiting) {
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
    const value = this.queue.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.finished) {
      this.end();
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<ExecutionResult, void>> {
    this.finished = true;
    this.queue.length = 0;
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
