import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import express, { type Response, type Router } from 'express';
import { sendRequestError } from '@shopgraph/service-shell/request-errors';
import { DASHBOARD_CSP, EXPLORER_CSP } from './content-security-policy.js';

export const DASHBOARD_PATH = '/dashboard';

/**
 * A page or file of the dashboard: static, answered from disk in a moment, so it is served
 * ahead of admission control and the request deadline (see `createGateway`) and never takes
 * a slot a mutation or a cache miss needs. Only GET and HEAD: anything else goes through
 * admission like every request, and is refused by the route below.
 */
export function isDashboardRequest(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && /^\/dashboard(?:[/?]|$)/.test(req.url ?? '');
}

export interface DashboardRouteOptions {
  /** The dashboard's build (`npm run build -w @shopgraph/dashboard` writes dashboard/dist). */
  dir: string;
  /** /dashboard/explorer (GraphiQL): on where introspection is, like Apollo Sandbox. */
  explorer: boolean;
}

/** Hashed file names change with their content: a browser may keep them for good. */
const FOREVER = 'public, max-age=31536000, immutable';

function securityHeaders(res: Response, csp: string): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}

/**
 * The owner dashboard at /dashboard/: its pages (index.html, and explorer.html at
 * /dashboard/explorer with a policy of its own; always revalidated, so a new build is picked
 * up at once) under a strict Content-Security-Policy, its hashed assets cached for a year. Answers everything under
 * /dashboard itself (404, 405): nothing falls through to GraphQL.
 */
export function dashboardRoute({ dir, explorer }: DashboardRouteOptions): Router {
  const router = express.Router({ strict: true });
  const page = (file: string, csp: string) => (_req: unknown, res: Response) => {
    if (!existsSync(join(dir, file))) {
      return sendRequestError(res, 404, 'NOT_FOUND', 'The dashboard is not built: run npm run build -w @shopgraph/dashboard.');
    }
    securityHeaders(res, csp);
    res.sendFile(file, { root: dir, cacheControl: false, headers: { 'cache-control': 'no-cache' } });
  };
  router.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.setHeader('allow', 'GET, HEAD');
    sendRequestError(res, 405, 'METHOD_NOT_ALLOWED', 'The dashboard is read with GET.');
  });
  // /dashboard → /dashboard/: the page's relative links and the app's base are under the slash.
  router.get('/', (req, res, next) => (req.originalUrl.split('?')[0] === DASHBOARD_PATH ? res.redirect(301, `${DASHBOARD_PATH}/`) : next()));
  router.get('/', page('index.html', DASHBOARD_CSP));
  if (explorer) router.get(['/explorer', '/explorer/'], page('explorer.html', EXPLORER_CSP));
  router.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      index: false,
      redirect: false,
      cacheControl: false,
      setHeaders: (res) => {
        res.setHeader('cache-control', FOREVER);
        res.setHeader('x-content-type-options', 'nosniff');
      },
    }),
  );
  router.use((_req, res) => sendRequestError(res, 404, 'NOT_FOUND', 'No such page or file in the dashboard.'));
  return router;
}
