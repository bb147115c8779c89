import express, { type Express } from 'express';
import type { Logger } from '@shopgraph/telemetry/logger';
import { gauge } from '@shopgraph/telemetry/metrics';
import type { ReadModelStore } from '@shopgraph/read-model';
import { claimFullRebuild } from '../recovery/claimed-rebuild.js';
import type { Rebuilder, RebuildReport } from '../recovery/rebuild.js';
import { parseSince } from '../recovery/since.js';

import type { AdminAuth } from './admin-auth.js';

/** An operator's rebuild rewrites every shop it covers, drifted or not (see RebuildOptions). */
const FORCED = { force: true };

/** A full rebuild's progress, for dashboards (the same figures as GET /admin/resync). */
function rebuildMetrics() {
  return {
    running: gauge({ name: 'shopgraph_rebuild_running', help: '1 while a full rebuild of the read model runs' }),
    checked: gauge({ name: 'shopgraph_rebuild_shops_checked', help: 'Shops the current (or last) full rebuild has looked at' }),
    written: gauge({ name: 'shopgraph_rebuild_shops_written', help: 'Documents the current (or last) full rebuild has written' }),
    skipped: gauge({ name: 'shopgraph_rebuild_shops_skipped', help: 'Shops the current (or last) full rebuild passed over: owner or reviews unknown to the command side' }),
  };
}

/**
 * Operators' rebuild endpoint on the projector's own port (never behind the public
 * gateway): POST /admin/resync with `{"all": true}`, `{"ids": ["12", "34"]}` or
 * `{"since": "15m"}`, authorized by the ADMIN_TOKEN (see admin-auth.ts). A full rebuild runs in
 * the background (202) under the one rebuild claim the keepers share (see claimed-rebuild.ts):
 * while any process holds it, `409 {"code": "REBUILD_RUNNING"}`. GET /admin/resync reports the
 * last run of this process.
 */
export function mountAdminRoutes(app: Express, { auth, store, rebuilder, logger }: { auth: AdminAuth; store: ReadModelStore; rebuilder: Rebuilder; logger: Logger }) {
  const progress = rebuildMetrics();
  let last: { kind: string; startedAt: string; finishedAt?: string; report?: RebuildReport; error?: string } | undefined;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  router.use(auth.requireAdmin);
  router.get('/', (_req, res) => {
    res.json(last ?? { kind: 'none' });
  });
  router.post('/', async (req, res) => {
    const body = (req.body ?? {}) as { all?: boolean; ids?: unknown; since?: unknown };
    try {
      if (body.all === true) {
        const claimed = await claimFullRebuild({ store, rebuilder, logger });
        if (!claimed) {
          res.status(409).json({ code: 'REBUILD_RUNNING', error: 'a full rebuild is running (a keeper or another resync holds the claim); GET /admin/resync or /ready shows it' });
          return;
        }
        const run: NonNullable<typeof last> = { kind: 'all', startedAt: new Date().toISOString() };
        last = run;
        progress.running.set(1);
        progress.checked.set(0);
        progress.written.set(0);
        progress.skipped.set(0);
        claimed
          .run((report) => {
            run.report = { ...report };
            progress.checked.set(report.checked);
            progress.written.set(report.written);
            progress.skipped.set(report.skipped);
          }, FORCED)
          .then((report) => Object.assign(run, { report, finishedAt: new Date().toISOString() }))
          .catch((error: Error) => {
            logger.error({ err: error }, 'full rebuild failed');
            Object.assign(run, { error: error.message, finishedAt: new Date().toISOString() });
          })
          .finally(() => progress.running.set(0));
        res.status(202).json(run);
      } else if (Array.isArray(body.ids) && body.ids.every((id) => typeof id === 'string' && /^\d{1,10}$/.test(id)) && body.ids.length <= 10_000) {
        res.json(await rebuilder.rebuildIds(body.ids as string[], undefined, FORCED));
      } else if (typeof body.since === 'string') {
        res.json(await rebuilder.rebuildSince(parseSince(body.since), undefined, FORCED));
      } else {
        res.status(400).json({ error: 'send {"all": true}, {"ids": ["12"]} (at most 10,000) or {"since": "15m" | ISO time}' });
      }
    } catch (error) {
      logger.error({ err: error }, 'resync failed');
      res.status(error instanceof Error && /neither a duration/.test(error.message) ? 400 : 503).json({ error: (error as Error).message });
    }
  });
  app.use('/admin/resync', router);
}
