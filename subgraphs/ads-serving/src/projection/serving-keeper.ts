import { randomUUID } from 'node:crypto';
import type { AdsStore } from '@shopgraph/ads-store/ads-store';
import type { Logger } from '@shopgraph/telemetry/logger';
import { idPages } from '@shopgraph/graphql-conventions/paging';
import type { AdsSource } from './ads-source.js';
import type { ServingProjection } from './project-shops.js';

/** How long one rebuild may hold its claim before another process may take over, ms. */
const CLAIM_MS = 120_000;

/**
 * Rebuilds the serving store when it is lost: Redis restarted empty, or never built. Its
 * generation marker, written after a complete rebuild, is what says it is there; every
 * `intervalMs` the keeper looks, and when the marker is missing, one process (a claim)
 * rewrites every shop's campaigns from the ads system, their spend of the day restored from
 * PostgreSQL's record of charged clicks in the same script that restores each campaign (see
 * write-campaigns.ts), and marks the generation. Until a campaign is back, its clicks are
 * refused as retryable and its slots are not served.
 */
export function startServingKeeper({ source, store, project, logger, intervalMs }: { source: AdsSource; store: AdsStore; project: ServingProjection; logger: Logger; intervalMs: number }) {
  const owner = randomUUID();
  let running: Promise<void> | null = null;

  async function rebuild(): Promise<void> {
    if (await store.generation()) return;
    if (!(await store.claimRebuild(owner, CLAIM_MS))) return;
    const started = Date.now();
    let shops = 0;
    for await (const ids of idPages((after) => source.shopIds(after, 500))) {
      await project(ids, { force: true });
      shops += ids.length;
    }
    await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops });
    logger.warn({ shops, ms: Date.now() - started }, 'serving store rebuilt from the ads system (it was lost or never built)');
  }

  function check(): Promise<void> {
    running ??= rebuild()
      .catch((error: unknown) => logger.warn({ err: error }, 'serving store check failed; trying again'))
      .finally(() => (running = null));
    return running;
  }

  const timer = intervalMs > 0 ? setInterval(() => void check(), intervalMs) : null;
  timer?.unref();
  void check();
  return {
    /** The check under way, or a new one. */
    check,
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
