import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readBody } from '@shopgraph/service-shell/read-body';
import { describeRequestError, sendRequestError } from '@shopgraph/service-shell/request-errors';
import { REPLAY, type SubgraphReplay } from './customer-reads/subgraph-replay.js';

/** The refusal of a front's admission: the worker takes no more work now. */
export const AT_CAPACITY = 'The gateway is at capacity; try again shortly.';

type Cors = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * A front's request body, read and parsed as `express.json` would: undefined once a body
 * that is too large, cut short or not JSON has been refused, as body-parser's errors would
 * have been in the app (request-errors.ts), with the CORS headers a browser needs to read it.
 */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse, bodyLimitBytes: number, cors: Cors): Promise<{ body: unknown } | undefined> {
  const refuse = (error: unknown) => {
    const { status, code, message } = describeRequestError(error);
    cors(req, res, () => sendRequestError(res, status, code, message));
    return undefined;
  };
  let text: string;
  try {
    text = await readBody(req, bodyLimitBytes);
  } catch (error) {
    return refuse(error);
  }
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return refuse({ type: 'entity.parse.failed' });
  }
}

/**
 * Hands a request whose body a front has read to the Express app, as `express.json` would
 * have left it (it skips a request whose body has been read), with the subgraph call the
 * front already made for it to replay, if any (see `SubgraphReplay`).
 */
export function handToApp(app: RequestListener, req: IncomingMessage, res: ServerResponse, body: unknown, replay?: SubgraphReplay | null): void {
  (req as IncomingMessage & { body?: unknown }).body = body;
  if (replay) (req as IncomingMessage & { [REPLAY]?: SubgraphReplay })[REPLAY] = replay;
  app(req, res);
}
