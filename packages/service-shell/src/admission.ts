import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { LoadShedder } from './load-shedder.js';
import { sendRetryLater } from './request-errors.js';

/** Refuses a request at once, retryably, without reading its body. */
export function refuseOverloaded(req: IncomingMessage, res: ServerResponse, message = 'The service is at capacity; try again shortly.'): void {
  sendRetryLater(res, message);
  req.resume();
}

/** Health and readiness probes are answered whatever the load: a busy process is alive. */
const isProbe = (req: IncomingMessage) => req.url === '/health' || req.url === '/ready';

/**
 * Admission control: at most `max` requests at once, and none while the process is
 * overloaded (`shedder`). `admit` counts a request until its response ends, or answers it
 * with a 503 and `Retry-After` at once and returns false: instead of queueing behind the
 * others until it times out, and without the process buffering its body. What a process
 * holds stays bounded under any load, and a client past saturation learns it in milliseconds.
 */
export function createAdmission(max: number, shedder?: LoadShedder) {
  let inFlight = 0;
  return {
    admit(req: IncomingMessage, res: ServerResponse, refusal?: string): boolean {
      if (!isProbe(req) && (inFlight >= max || shedder?.overloaded())) {
        refuseOverloaded(req, res, refusal);
        return false;
      }
      inFlight += 1;
      let done = false;
      const release = () => {
        if (done) return;
        done = true;
        inFlight -= 1;
      };
      res.once('finish', release);
      res.once('close', release);
      return true;
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;

/** A listener behind admission control (see `createAdmission`). */
export function withAdmission(listener: RequestListener, max: number, shedder?: LoadShedder): RequestListener {
  const admission = createAdmission(max, shedder);
  return (req, res) => {
    if (admission.admit(req, res)) listener(req, res);
  };
}
