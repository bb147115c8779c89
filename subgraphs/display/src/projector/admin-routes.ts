import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type Request } from 'express';
import type { Logger } from '@shopgraph/kit/logger';
import type { Rebuilder, RebuildReport } from '../recovery/rebuild.js';
import { parseSince } from '../recovery/since.js';

function authorized(req: Request, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Operators' rebuild endpoint on the projector's own port (never behind the public
 * gateway): POST /admin/resync with `{"all": true}`, `{"ids": ["12", "34"]}` or
 * `{"since": "15m"}`, and `Authorization: Bearer <ADMIN_TOKEN>`. A full rebuild runs in
 * the background (202); GET /admin/resync reports the last run.
 */
export function mountAdminRoutes(app: Express, { token, rebuilder, logger }: { token: string; rebuilder: Rebuilder; logger: Logger }) {
  let last: { kind: string; startedAt: string; finishedAt?: string; report?: RebuildReport; error?: string } | undefined;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  router.use((req, res, next) => (authorized(req, token) ? next() : res.status(401).json({ error: 'admin token required' })));
  router.get('/resync', (_req, res) => {
    res.json(last ?? { kind: 'none' });
  });
  router.post('/resync', async (req, res) => {
    const body = (req.body ?? {}) as { all?: boolean; ids?: unknown; since?: unknown };
    try {
      if (body.all === true) {
        const run: NonNullable<typeof last> = { kind: 'all', startedAt: new Date().toISOString() };
        last = run;
        rebuilder
          .rebuildAll((report) => (run.report = { ...report }))
          .then((report) => Object.assign(run, { report, finishedAt: new Date().toISOString() }))
          .catch((error: Error) => {
            logger.error({ err: error }, 'full rebuild failed');
            Object.assign(run, { error: error.message, finishedAt: new Date().toISOString() });
          });
        res.status(202).json(run);
      } else if (Array.isArray(body.ids) && body.ids.every((id) => typeof id === 'string' && /^\d{1,10}$/.test(id)) && body.ids.length <= 10_000) {
        res.json(await rebuilder.rebuildIds(body.ids as string[]));
      } else if (typeof body.since === 'string') {
        res.json(await rebuilder.rebuildSince(parseSince(body.since)));
      } else {
        res.status(400).json({ error: 'send {"all": true}, {"ids": ["12"]} (at most 10,000) or {"since": "15m" | ISO time}' });
      }
    } catch (error) {
      logger.error({ err: error }, 'resync failed');
      res.status(error instanceof Error && /neither a duration/.test(error.message) ? 400 : 503).json({ error: (error as Error).message });
    }
  });
  app.use('/admin', router);
}
