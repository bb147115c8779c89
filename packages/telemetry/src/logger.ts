import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs, one line each, tagged with the service name. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', 'headers.authorization', 'password'],
  });
}
