import { randomUUID } from 'node:crypto';
import type { Logger } from '@shopgraph/telemetry/logger';
import type { ReadModelStore } from '@shopgraph/read-model';
import type { RebuildOptions, RebuildReport, Rebuilder } from './rebuild.js';

/** The claim on the one full rebuild lasts this long unless its holder extends it (it does, every third of it). */
export const CLAIM_TTL_MS = 15_000;

/** A full rebuild stopped because its claim was taken over or could not be extended: another may be rebuilding. */
export class RebuildClaimLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RebuildClaimLostError';
  }
}

export interface ClaimedRebuildOptions {
  store: ReadModelStore;
  rebuilder: Rebuilder;
  logger: Logger;
  /** @default 15000 (CLAIM_TTL_MS) */
  claimTtlMs?: number;
}

export interface ClaimedRebuild {
  owner: string;
  /**
   * Rebuilds everything while the claim holds, leaves the generation marker and releases the
   * claim. Rejects with RebuildClaimLostError at once when an extension finds the claim gone
   * (or none succeeded for a whole TTL): the rebuild stops before its next batch.
   */
  run(onProgress?: (report: RebuildReport) => void, options?: Omit<RebuildOptions, 'signal'>): Promise<RebuildReport>;
}

/**
 * Claims the one full rebuild that every projector's keeper and every operator's
 * `POST /admin/resync {"all": true}` share, so that two never run at once; null when another
 * holds it. A completed claimed rebuild is what writes the generation marker.
 */
export async function claimFullRebuild({ store, rebuilder, logger, claimTtlMs = CLAIM_TTL_MS }: ClaimedRebuildOptions): Promise<ClaimedRebuild | null> {
  const owner = randomUUID();
  if (!(await store.claimRebuild(owner, claimTtlMs))) return null;
  return {
    owner,
    async run(onProgress, options = {}) {
      const lost = new AbortController();
      const claimLost = new Promise<never>((_, reject) => lost.signal.addEventListener('abort', () => reject(lost.signal.reason as Error), { once: true }));
      claimLost.catch(() => {});
      let extendedAt = Date.now();
      const extend = setInterval(() => {
        store.extendRebuildClaim(owner, claimTtlMs).then(
          (held) => {
            if (held) extendedAt = Date.now();
            else lost.abort(new RebuildClaimLostError('the rebuild claim was taken over (it expired, or another process holds it)'));
          },
          (error: unknown) => {
            logger.warn({ err: error }, 'could not extend the rebuild claim');
            // Past its TTL the claim has surely expired: another process may already rebuild.
            if (Date.now() - extendedAt >= claimTtlMs) lost.abort(new RebuildClaimLostError('the rebuild claim could not be extended before it expired'));
          },
        );
      }, claimTtlMs / 3);
      try {
        const rebuilt = rebuilder.rebuildAll(onProgress, { ...options, signal: lost.signal });
        // Given up at once, not after the batch in flight: the rebuild itself stops before its next one.
        rebuilt.catch(() => {});
        const report = await Promise.race([rebuilt, claimLost]);
        // The marker is its holder's to write: one that lost the claim leaves it to the rebuild that took over.
        if (!(await store.extendRebuildClaim(owner, claimTtlMs))) throw new RebuildClaimLostError('the rebuild claim was lost before the marker could be written');
        await store.markGeneration({ rebuiltAt: new Date().toISOString(), shops: report.written + report.stale });
        return report;
      } finally {
        clearInterval(extend);
        await store.releaseRebuild(owner).catch(() => {});
      }
    },
  };
}
