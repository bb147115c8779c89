import { randomUUID } from 'node:crypto';
import type { Logger } from '@shopgraph/kit/logger';
import { idPages } from '@shopgraph/kit/paging';
import type { CommandSources } from '../sources/command-sources.js';
import type { ReadModelStore } from '@shopgraph/read-model';
import { BATCH_SIZE, type Rebuilder, type RebuildReport } from './rebuild.js';

export interface ReadModelKeeperOptions {
  store: ReadModelStore;
  sources: Pick<CommandSources, 'shopIds'>;
  rebuilder: Rebuilder;
  logger: Logger;
  /** How often the generation marker is checked, in ms. @default 2000 */
  checkIntervalMs?: number;
  /** How often every live shop is checked for a document, in ms; 0: never. @default 60000 */
  auditIntervalMs?: number;
}

export type KeeperState =
  | { state: 'starting' }
  | { state: 'intact'; rebuiltAt: string }
  | { state: 'rebuilding'; reason: string; startedAt: string; progress: RebuildReport }
  | { state: 'rebuilt elsewhere'; reason: string }
  | { state: 'unknown'; error: string };

/** The claim on the one rebuild lasts this long unless its holder extends it (it does, every third of it). */
const CLAIM_TTL_MS = 15_000;

/**
 * Keeps the read model whole without an operator.
 *
 * - **Lost whole** (Redis restarted empty, flushed, or its keys deleted): a full rebuild
 *   leaves a generation marker in the read model; while it is missing, one projector —
 *   the one that claims the rebuild, so three projectors do not rebuild three times —
 *   rebuilds everything and writes the marker again. The other projectors and the
 *   display subgraph go on serving meanwhile: what is there is served, the rest is null
 *   until rebuilt. On a read model never built, this is its first build.
 * - **Lost in part** (some documents deleted, or dropped by a failover): an audit pages
 *   through every live shop id of the command side and rebuilds the shops that have no
 *   document. An older document that is still there is the projector's and `verify`'s
 *   business, not this audit's.
 *
 * The state is on /ready (`readModel`) and every step is logged.
 */
export function startReadModelKeeper({ store, sources, rebuilder, logger, checkIntervalMs = 2000, auditIntervalMs = 60_000 }: ReadModelKeeperOptions) {
  const owner = randomUUID();
  let current: KeeperState = { state: 'starting' };
  let stopped = false;
  let busy: Promise<void> | null = null;
  let lastAudit = Date.now();

  async function rebuildAll(reason: string): Promise<void> {
    if (!(await store.claimRebuild(owner, CLAIM_TTL_MS))) {
      current = { state: 'rebuilt elsewhere', reason };
      return;
    }
    const startedAt = new Date();
    const progress: RebuildReport = { checked: 0, written: 0, stale: 0, removed: 0 };
    current = { state: 'rebuilding', reason, startedAt: startedAt.toISOString(), progress };
    logger.warn({ reason }, 'read model lost: rebuilding it from the command side');
    let lastLog = Date.now();
    const extend = setInterval(() => {
      store.extendRebuildClaim(owner, CLAIM_TTL_MS).catch((error: unknown) => logger.warn({ err: error }, 'could not extend the rebuild claim'));
    }, CLAIM_TTL_MS / 3);
    try {
      const report = await rebuilder.rebuildAll((report) => {
        Object.assign(progress, report);
        if (Date.now() - lastLog >= 5000) {
          lastLog = Date.now();
          logger.info({ ...report }, 'read model rebuild progress');
        }
      });
      const shops = report.written + report.stale;
      await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops });
      logger.info({ ...report, seconds: (Date.now() - startedAt.getTime()) / 1000 }, 'read model rebuilt');
    } finally {
      clearInterval(extend);
      await store.releaseRebuild(owner).catch(() => {});
    }
  }

  async function audit(): Promise<void> {
    let missing = 0;
    for await (const ids of idPages((after) => sources.shopIds(after, BATCH_SIZE))) {
      if (stopped) return;
      const absent = await store.missing(ids);
      if (absent.length === 0) continue;
      missing += absent.length;
      await rebuilder.rebuildIds(absent);
    }
    if (missing > 0) logger.warn({ repaired: missing }, 'read model audit: rebuilt shops that had no document');
  }

  async function check(): Promise<void> {
    const generation = await store.generation();
    if (!generation) {
      await rebuildAll('no generation marker (the read model was lost, or never built)');
      return;
    }
    current = { state: 'intact', rebuiltAt: generation.rebuiltAt };
    if (auditIntervalMs > 0 && Date.now() - lastAudit >= auditIntervalMs) {
      lastAudit = Date.now();
      await audit();
    }
  }

  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = check()
      .catch((error: unknown) => {
        // Redis or a source is down: the next round tries again; the projector itself reports those on /ready.
        current = { state: 'unknown', error: error instanceof Error ? error.message : String(error) };
        logger.debug({ err: error }, 'read model check failed');
      })
      .finally(() => (busy = null));
  }, checkIntervalMs);

  return {
    /** For /ready: informational, never failing (a rebuild in progress still serves). */
    state: (): KeeperState => current,
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await busy;
    },
  };
}

export type ReadModelKeeper = ReturnType<typeof startReadModelKeeper>;
