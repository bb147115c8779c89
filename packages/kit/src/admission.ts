import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { LoadShedder } from './load-shedder.js';
import { sendRequestError } from './request-errors.js';

/** Refuses a request at once, retryably, without reading its body. */
export function refuseOverloaded(req: IncomingMessage, res: ServerResponse, message = 'The service is at capacity; try again shortly.'): void {
  res.setHeader('retry-after', '1');
  res.setHeader('connection', 'close');
  sendRequestError(res, 503, 'SERVICE_UNAVAILABLE', message);
  req.resume();
}

/**
 * Admission control: at most `max` requests in a process at once, and none while the
 * process is overloaded (`shedder`). One more is refused at once with 503 and `Retry-After`
 * instead of queueing behind the others until it times out, and without the process
 * buffering its body: what a process holds stays bounded under any load, and a client past
 * saturation learns it in milliseconds.
 */
export function withAdmission(listener: RequestListener, max: number, shedder?: LoadShedder): RequestListener {
  let inFlight = 0;
  return (req, res) => {
    // Health and readiness probes are answered whatever the load: a busy process is alive.
    const probe = req.url === '/health' || req.url === '/ready';
    if (!probe && (inFlight >= max || shedder?.overloaded())) {
      refuseOverloaded(req, res);
      return;
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
    listener(req, res);
  };
}
