import { describe, expect, it } from 'vitest';
import { createAdaptiveLimit } from '../src/adaptive-limit.js';

// The limit's arithmetic on a clock the test moves: answer times are what it reacts to.
function limitOnClock(options: { initial: number; min?: number; max?: number; latencyTargetMs?: number }) {
  let time = 0;
  const limit = createAdaptiveLimit({ latencyTargetMs: 100, min: 2, max: 64, ...options, now: () => time });
  return { limit, advance: (ms: number) => void (time += ms) };
}

/** Takes every slot there is; returns their releases. */
function fill(limit: ReturnType<typeof createAdaptiveLimit>) {
  const slots: ((overloaded?: boolean) => void)[] = [];
  for (let slot = limit.acquire(); slot; slot = limit.acquire()) slots.push(slot);
  return slots;
}

describe('adaptive concurrency limit', () => {
  it('refuses a request past the limit, telling onRefused, and admits one again once a slot is released', () => {
    let refused = 0;
    const limit = createAdaptiveLimit({ latencyTargetMs: 100, initial: 3, min: 2, max: 64, onRefused: () => (refused += 1) });
    const slots = fill(limit);
    expect(slots).toHaveLength(3);
    // fill() stopped at its first refusal.
    expect(refused).toBe(1);
    expect(limit.acquire()).toBeUndefined();
    expect(refused).toBe(2);
    slots[0]!();
    expect(limit.acquire()).toBeDefined();
  });

  it('cuts the limit in proportion to how slow the answers were, once per round trip', () => {
    const { limit, advance } = limitOnClock({ initial: 40 });
    const slots = fill(limit);
    advance(160); // every answer 1.6× the target
    slots[0]!();
    expect(limit.limit).toBe(25); // 40 × 100/160
    // The other 39 started before the cut: their slow answers say nothing about the new limit.
    for (const release of slots.slice(1)) release();
    expect(limit.limit).toBe(25);
    // One started after the cut and as slow cuts again; far slower, by half at most.
    const late = limit.acquire()!;
    advance(1000);
    late();
    expect(limit.limit).toBe(12);
  });

  it('cuts by half when downstream refused a request as overloaded, however fast', () => {
    const { limit, advance } = limitOnClock({ initial: 20 });
    const release = limit.acquire()!;
    advance(5);
    release(true);
    expect(limit.limit).toBe(10);
  });

  it('told that admitted work falls behind downstream, cuts by half once per round trip and does not grow while it is held', () => {
    const { limit, advance } = limitOnClock({ initial: 20 });
    advance(1000);
    // Work admitted at 0 is behind: half.
    limit.behind(0, 500);
    expect(limit.limit).toBe(10);
    // More of the work admitted before the cut: the cut already answered it.
    limit.behind(500, 500);
    expect(limit.limit).toBe(10);
    // Fast answers with the limit in use do not raise it while held...
    let slots = fill(limit);
    advance(5);
    slots.forEach((release) => release());
    expect(limit.limit).toBe(10);
    // ...and do once the hold is over.
    advance(600);
    slots = fill(limit);
    advance(5);
    slots[0]!();
    expect(limit.limit).toBe(11);
    slots.slice(1).forEach((release) => release());
    // Work admitted after the cut that is behind too: half again.
    const grown = limit.limit;
    expect(grown).toBeGreaterThan(10);
    limit.behind(1100, 500);
    expect(limit.limit).toBe(Math.floor(grown / 2));
  });

  it('never goes below its minimum nor above its maximum', () => {
    const { limit, advance } = limitOnClock({ initial: 4, min: 3, max: 6 });
    for (let i = 0; i < 5; i += 1) {
      const release = limit.acquire()!;
      advance(10_000);
      release();
    }
    expect(limit.limit).toBe(3);
    for (let i = 0; i < 20; i += 1) for (const release of fill(limit)) release();
    expect(limit.limit).toBe(6);
  });

  it('grows by one for each fast answer while half the limit or more is in use, not while it idles', () => {
    const { limit, advance } = limitOnClock({ initial: 10 });
    // One request at a time: a tenth of the limit in use, so nothing says more are needed.
    for (let i = 0; i < 20; i += 1) {
      const release = limit.acquire()!;
      advance(5);
      release();
    }
    expect(limit.limit).toBe(10);
    const slots = fill(limit);
    advance(5);
    slots[0]!();
    expect(limit.limit).toBe(11);
  });

  it('ignores a second release of the same slot', () => {
    const { limit } = limitOnClock({ initial: 2 });
    const release = limit.acquire()!;
    limit.acquire();
    release();
    release();
    expect(limit.inFlight).toBe(1);
  });
});
