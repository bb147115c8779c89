/**
 * Where the ads processes read the time: serving windows, budget days and token expiry all
 * depend on it, so tests move it rather than wait for it.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that runs with the system's, shifted by an offset a test sets (ADS_TEST_CLOCK). */
export interface ShiftedClock extends Clock {
  /** Sets how far ahead of the system clock this one runs, in ms (negative: behind). */
  shift(offsetMs: number): void;
}

export function shiftedClock(): ShiftedClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    shift(offsetMs) {
      offset = offsetMs;
    },
  };
}
