import type { RequestListener } from 'node:http';
import { sendRequestError } from './request-errors.js';

/**
 * Admission control: at most `max` requests in a process at once. One more is refused at
 * once with 503 and `Retry-After` instead of queueing behind the others until it times
 * out, and without the process buffering its body: what a process holds stays bounded
 * under any load, and a client past saturation learns it in milliseconds.
 */
export function withAdmission(listener: RequestListener, max: number): RequestListener {
  let inFlight = 0;
  return (req, res) => {
    if (inFlight >= max) {
      res.setHeader('retry-after', '1');
      res.setHeader('connection', 'close');
      sendRequestError(res, 503, 'SERVICE_UNAVAILABLE', 'The service is at capacity; try again shortly.');
      req.resume();
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
