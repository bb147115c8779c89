export interface AdaptiveLimitOptions {
  /**
   * The answer time past which a request counts as having queued behind others downstream:
   * the limit shrinks towards what keeps answers within it.
   */
  latencyTargetMs: number;
  /** The limit at the start (and never below `min` nor above `max`). */
  initial: number;
  min: number;
  max: number;
  /** Told the new limit (whole requests) whenever it changes: for a gauge. */
  onChange?: (limit: number) => void;
  /** Told of each request refused because the limit was reached: for a counter. */
  onRefused?: () => void;
  /** @default performance.now */
  now?: () => number;
}

/** How far one cut may take the limit down: to half, however slow an answer was. */
const DEEPEST_CUT = 0.5;

/**
 * A concurrency limit that finds itself from answer times, after Netflix's concurrency-limits
 * (its AIMD and gradient limits): a fixed bound on requests at once either refuses work below
 * saturation or lets a queue build past it (issue 18: 16 at once refused W1 and W2, 128 let
 * W3's refusals wait 5 s), and the right number moves with the box and the load.
 *
 * While answers come within `latencyTargetMs` and the limit is in use (half of it or more
 * taken), each answer raises it by one. An answer slower than that, or one the caller marks
 * as a refusal from downstream, cuts it in proportion (target ÷ answer time, at most by half),
 * once per round trip: only an answer to a request started after the last cut says anything
 * about the cut limit, so a burst of slow answers to requests already under way cuts once, not
 * once each. Past saturation the limit settles where answers take about the target, and
 * everything over it is refused at once rather than queued.
 */
export function createAdaptiveLimit({ latencyTargetMs, initial, min, max, onChange, onRefused, now = () => performance.now() }: AdaptiveLimitOptions) {
  let limit = Math.min(max, Math.max(min, initial));
  let inFlight = 0;
  let lastCut = Number.NEGATIVE_INFINITY;
  /** No growth before then: a sign from elsewhere (`behind`) says the work admitted is still too much. */
  let heldUntil = Number.NEGATIVE_INFINITY;

  function settle(started: number, overloaded: boolean): void {
    const ended = now();
    const took = ended - started;
    const before = Math.floor(limit);
    if (overloaded || took > latencyTargetMs) {
      if (started < lastCut) return;
      const factor = overloaded ? DEEPEST_CUT : Math.max(DEEPEST_CUT, latencyTargetMs / took);
      limit = Math.max(min, limit * factor);
      lastCut = ended;
    } else if ((inFlight + 1) * 2 >= limit && ended >= heldUntil) {
      limit = Math.min(max, limit + 1);
    }
    if (Math.floor(limit) !== before) onChange?.(Math.floor(limit));
  }

  return {
    /** Requests admitted now (at most `Math.floor(limit)`). */
    get limit(): number {
      return Math.floor(limit);
    },
    get inFlight(): number {
      return inFlight;
    },
    /**
     * A sign of overload that no answer shows: work admitted at `startedAt` (this limit's clock)
     * is still not done downstream of the answers (the gateway's: the read model shows changes
     * later than it should). Cuts by half, once per round trip as a refused answer does, and
     * keeps the limit from growing for `holdMs`: fast answers would otherwise undo the cut at
     * once, while what they admit is what falls behind.
     */
    behind(startedAt: number, holdMs: number): void {
      heldUntil = Math.max(heldUntil, now() + holdMs);
      settle(startedAt, true);
    },
    /**
     * A slot for one request, or undefined when the limit is reached (refuse it). The slot's
     * release takes whether downstream refused the request as overloaded; a second call is a no-op.
     */
    acquire(): ((overloaded?: boolean) => void) | undefined {
      if (inFlight >= Math.floor(limit)) {
        onRefused?.();
        return undefined;
      }
      inFlight += 1;
      const started = now();
      let released = false;
      return (overloaded = false) => {
        if (released) return;
        released = true;
        inFlight -= 1;
        settle(started, overloaded);
      };
    },
  };
}

export type AdaptiveLimit = ReturnType<typeof createAdaptiveLimit>;
