import type { IncomingMessage } from 'node:http';

/** Why a body was not read whole, under body-parser's names, so `describeRequestError` answers it as the app would. */
export type BodyRefusal = Error & { type: 'entity.too.large' | 'request.aborted' };

const refusal = (type: BodyRefusal['type']): BodyRefusal => Object.assign(new Error(type), { type });

/**
 * A request's body as text, for the routes that read it before Express does (the gateway's
 * fronts and live-updates stream, every GraphQL service's route). Past `limit` bytes the rest is drained unread and it rejects with
 * `entity.too.large`; a client gone before its body was in rejects with `request.aborted`
 * rather than leaving the promise pending.
 *
 * It settles once: a request emits `close` after every answer, and making the refusal then
 * (an Error, whose stack trace V8 captures) cost a cache hit a twentieth of its CPU.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const refuse = (type: BodyRefusal['type']) => {
      if (settled) return;
      settled = true;
      reject(refusal(type));
    };
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        req.removeAllListeners('data');
        req.resume();
        refuse('entity.too.large');
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', () => refuse('request.aborted'));
    req.once('close', () => refuse('request.aborted'));
  });
}
