import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingEnabled } from './tracing.js';

/** Runs `run` in the request's server span and returns what it returns. */
export type InServerSpan = <T>(req: IncomingMessage, res: ServerResponse, run: () => T) => T;

/**
 * Runs a request's handling in a server span that continues the caller's `traceparent`. For
 * a service that starts tracing without the HTTP server instrumentation (the gateway, see
 * startTracing's `incomingHttp`): it opens spans only for the requests that do work, so that
 * answers it gives from memory (cache hits) pay nothing for tracing.
 */
export function serverSpans(): InServerSpan {
  if (!tracingEnabled()) return (_req, _res, run) => run();
  const tracer = trace.getTracer('shopgraph');
  return <T>(req: IncomingMessage, res: ServerResponse, run: () => T): T => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      `${req.method} ${(req.url ?? '/').split('?')[0]}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? '', 'url.path': req.url ?? '' } },
      parent,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    return context.with(trace.setSpan(parent, span), run);
  };
}
