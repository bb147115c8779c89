import express, { type Express } from 'express';
import type { ShiftedClock } from './clock.js';

/**
 * `POST /test/clock` with `{ "offsetMs": n }` sets how far the process's clock runs ahead of
 * the system's: end-to-end tests move serving windows, budget days and token expiry through
 * it instead of waiting. Mounted only where ADS_TEST_CLOCK is set, which production refuses.
 */
export function testClockRoute(clock: ShiftedClock): (app: Express) => void {
  return (app) => {
    app.post('/test/clock', express.json(), (req, res) => {
      const offsetMs = (req.body as { offsetMs?: unknown } | undefined)?.offsetMs;
      if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) {
        res.status(400).json({ error: 'send { "offsetMs": <number> }' });
        return;
      }
      clock.shift(offsetMs);
      res.json({ now: new Date(clock.now()).toISOString() });
    });
  };
}
