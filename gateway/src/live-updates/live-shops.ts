import { histogram, LAG_BUCKETS } from '@shopgraph/telemetry/metrics';
import type { Logger } from '@shopgraph/telemetry/logger';
import type { ChangeListener } from '../invalidation-subscriber.js';
import type { LiveRead } from './live-operation.js';
import type { LiveView, ShopStream } from './shop-stream.js';

/** What one read of the display subgraph gave: a view, or when to try again. */
export type ReadOutcome = { view: LiveView; validUntil?: number } | { retryAfterMs: number };

/** Reads a shop for a selection from the display subgraph. Never throws. */
export type ReadShop = (read: LiveRead) => Promise<ReadOutcome>;

const pushLag = () =>
  histogram({
    name: 'shopgraph_live_push_lag_seconds',
    help: "From a change's commit (its outbox row) to this gateway worker pushing the new view to the live streams watching it",
    buckets: LAG_BUCKETS,
  });

/**
 * Streams offered a view per turn of the event loop: a view for thousands of streams is pushed
 * in slices, so reads and mutations on the same worker are served between them (one
 * uninterrupted fan-out held the loop for seconds and the load shedder refused requests).
 */
const FAN_OUT_SLICE = 500;

/** setTimeout's longest delay; a later instant is reached by re-reading then (the same view is not re-sent). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Every stream watching one shop with one selection, and the one read they share. */
interface Watch {
  read: LiveRead;
  streams: Set<ShopStream>;
  last: LiveView | undefined;
  reading: boolean;
  /** A change was announced during the read in flight: read again once it is done. */
  again: boolean;
  /** The next view goes to every stream even if they have it (the subscription came back after a gap). */
  force: boolean;
  /** The earliest commit time among the changes the next view shows, for the push lag. */
  recordedAt: number | undefined;
  /** A re-read at a valid-until instant, or after a failed read. */
  timer: NodeJS.Timeout | undefined;
}

/**
 * The fan-out of one gateway worker: streams watching the same shop with the same selection
 * share one watch. An announced change is one read of the display subgraph per watch, however
 * many streams it has, offered to each of them (each decides whether it is new to it, see
 * ShopStream). Reads of one watch run one at a time, and a change announced during one is
 * read again after it, so a later read never shows an older document.
 *
 * A view valid until an instant (a promotion starts or ends by the clock) is read again at
 * that instant. A failed read (the display subgraph down, the read model being rebuilt) is
 * retried after its retry delay; streams keep the view they have meanwhile.
 *
 * Pub/sub is fire-and-forget: when the worker's change subscription comes back after a loss,
 * every watch is read again and its view sent to every stream, changed or not, so a client
 * knows it is current. While it is lost, a new stream gets a fresh read, not a kept view.
 */
export function createLiveShops({ readShop, logger }: { readShop: ReadShop; logger: Logger }) {
  const watches = new Map<string, Watch>();
  const byShop = new Map<string, Set<Watch>>();
  const lag = pushLag();
  let subscribed = false;
  let viewsPushed = 0;
  let reads = 0;

  const schedule = (watch: Watch, at: number) => {
    clearTimeout(watch.timer);
    watch.timer = setTimeout(() => refresh(watch), Math.min(MAX_DELAY_MS, Math.max(0, at - Date.now())));
    watch.timer.unref();
  };

  /** Offers a view to every stream of a watch, a slice per turn of the loop; calls `done` after the last. */
  function deliver(watch: Watch, view: LiveView, done: () => void): void {
    const force = watch.force;
    watch.force = false;
    watch.last = view;
    const recordedAt = watch.recordedAt;
    watch.recordedAt = undefined;
    const streams = [...watch.streams];
    let next = 0;
    let pushed = 0;
    const slice = () => {
      const end = Math.min(streams.length, next + FAN_OUT_SLICE);
      let pushedNow = 0;
      for (; next < end; next += 1) if (streams[next]!.offer(view, force)) pushedNow += 1;
      pushed += pushedNow;
      // One observation per view pushed: the lag each client saw, not only the last one's.
      if (recordedAt !== undefined && pushedNow > 0) {
        const seconds = Math.max(0, Date.now() - recordedAt) / 1000;
        for (let i = 0; i < pushedNow; i += 1) lag.observe(seconds);
      }
      if (next < streams.length) {
        setImmediate(slice);
        return;
      }
      viewsPushed += pushed;
      done();
    };
    slice();
  }

  function refresh(watch: Watch): void {
    if (watch.reading) {
      watch.again = true;
      return;
    }
    clearTimeout(watch.timer);
    watch.timer = undefined;
    watch.reading = true;
    reads += 1;
    void readShop(watch.read)
      .catch((): ReadOutcome => ({ retryAfterMs: 1000 }))
      .then((outcome) => {
        // The watch counts as reading until its view has been offered to every stream, so the
        // next read's view can never reach a stream before this one.
        const finished = () => {
          watch.reading = false;
          if (watch.streams.size === 0) return;
          if (watch.again) {
            watch.again = false;
            refresh(watch);
          }
        };
        if (watch.streams.size === 0) return finished();
        if ('view' in outcome) {
          if (outcome.validUntil !== undefined) schedule(watch, outcome.validUntil);
          deliver(watch, outcome.view, finished);
        } else {
          // The streams keep what they have; a change announced meanwhile reads at once (again).
          logger.debug({ shopId: watch.read.shopId, retryAfterMs: outcome.retryAfterMs }, 'live view read failed; retrying');
          schedule(watch, Date.now() + outcome.retryAfterMs);
          finished();
        }
      });
  }

  function unwatch(watch: Watch, stream: ShopStream): void {
    watch.streams.delete(stream);
    if (watch.streams.size > 0) return;
    clearTimeout(watch.timer);
    watches.delete(watch.read.key);
    const ofShop = byShop.get(watch.read.shopId);
    ofShop?.delete(watch);
    if (ofShop?.size === 0) byShop.delete(watch.read.shopId);
  }

  const listener: ChangeListener = {
    changed({ shopId, recordedAt }) {
      for (const watch of byShop.get(shopId) ?? []) {
        if (recordedAt !== undefined) watch.recordedAt = Math.min(watch.recordedAt ?? recordedAt, recordedAt);
        refresh(watch);
      }
    },
    subscribed() {
      subscribed = true;
      for (const watch of watches.values()) {
        watch.force = true;
        refresh(watch);
      }
    },
    lost() {
      subscribed = false;
    },
  };

  return {
    listener,
    /**
     * Adds a stream to the watch of its read; it gets the current view first. Returns what
     * removes it (call it when the stream ends).
     */
    watch(read: LiveRead, stream: ShopStream): () => void {
      let watch = watches.get(read.key);
      if (!watch) {
        watch = { read, streams: new Set(), last: undefined, reading: false, again: false, force: false, recordedAt: undefined, timer: undefined };
        watches.set(read.key, watch);
        let ofShop = byShop.get(read.shopId);
        if (!ofShop) byShop.set(read.shopId, (ofShop = new Set()));
        ofShop.add(watch);
      }
      const joined = watch;
      joined.streams.add(stream);
      // The kept view is the newest one read (any later one is offered after it), and current
      // while no change can have been missed. A first read in flight is offered to this stream
      // when it is done. Without the subscription, the stream waits for a read of its own.
      if (joined.last && subscribed) stream.offer(joined.last);
      else if (!joined.reading) refresh(joined);
      else if (joined.last) joined.again = true;
      return () => unwatch(joined, stream);
    },
    stats() {
      return { watches: watches.size, viewsPushed, reads };
    },
    close(): void {
      for (const watch of watches.values()) clearTimeout(watch.timer);
      watches.clear();
      byShop.clear();
    },
  };
}

export type LiveShops = ReturnType<typeof createLiveShops>;
