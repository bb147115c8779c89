import type { Logger } from '@shopgraph/telemetry/logger';
import { idPages } from '@shopgraph/graphql-conventions/paging';
import type { ReadModelStore, SourceVersions } from '@shopgraph/read-model';
import { projectionOf, UnprojectableShopError, type Projection } from '../projection/build-shop-document.js';
import type { CommandSources } from '../sources/command-sources.js';
import type { Projector } from '../projection/projector.js';

/** Shops per source call and per pipelined Redis write. */
export const BATCH_SIZE = 200;
/** Batches rebuilt at once (see rebuildPaged). */
const BATCHES_IN_FLIGHT = 3;

export interface RebuildOptions {
  /**
   * Rewrite documents whose source versions equal the stored ones too (and announce them):
   * what an operator asks for, to overwrite a document that drifted. Without it a rebuild
   * writes only documents that are missing or older, so a full rebuild of an intact read model
   * evicts nothing from the gateways' caches.
   */
  force?: boolean;
  /** Stops the rebuild between batches (it throws the signal's reason), e.g. once its claim is lost. */
  signal?: AbortSignal;
}

export interface RebuildReport {
  /** Shops looked at. */
  checked: number;
  written: number;
  /** Skipped because the read model already held the same or a newer state. */
  stale: number;
  /** Documents removed: deleted shops (tombstoned) and ids the command side never had. */
  removed: number;
  /** Live shops whose owner or reviews the command side could not give: no document, logged, passed over. */
  skipped: number;
}

export const emptyReport = (): RebuildReport => ({ checked: 0, written: 0, stale: 0, removed: 0, skipped: 0 });

/** A shop that cannot be projected now (see UnprojectableShopError): a rebuild passes it over rather than failing as a whole. */
export interface Unprojectable {
  unprojectable: string;
}

/**
 * True when the stored state is at least as new as the projection's, so the versioned write
 * would skip it anyway (it is sent only to find that out, document and all).
 */
function upToDate(stored: SourceVersions | null, present: boolean, wanted: SourceVersions): boolean {
  if (!stored) return false;
  if (wanted.deleted || stored.deleted) return stored.deleted && stored.shop >= wanted.shop;
  return present && stored.shop >= wanted.shop && stored.owner >= wanted.owner && stored.reviews >= wanted.reviews;
}

/**
 * What the read model holds of these shops, read in two small round trips (versions and
 * presence, no documents), as a test of whether the i-th shop's stored state is already
 * as new as `wanted`: the rebuild and the keeper's audit both skip those.
 */
export async function storedStates(store: ReadModelStore, ids: string[]): Promise<(index: number, wanted: SourceVersions) => boolean> {
  const [stored, absent] = await Promise.all([store.storedVersions(ids), store.missing(ids)]);
  const missing = new Set(absent);
  return (index, wanted) => upToDate(stored[index]!, !missing.has(ids[index]!), wanted);
}

/** The projections of many shops, read in bulk: one call per source per batch. */
export async function projectionsOf(sources: CommandSources, ids: string[], now = new Date()): Promise<Map<string, Projection | Unprojectable | null>> {
  const shops = await sources.shopSnapshots(ids);
  const live = shops.filter((shop) => shop && !shop.deleted).map((shop) => shop!);
  const ownerIds = [...new Set(live.map((shop) => shop.ownerId))];
  const [owners, summaries] = await Promise.all([
    ownerIds.length ? sources.ownerSnapshots(ownerIds) : [],
    live.length ? sources.reviewSummaries(live.map((shop) => shop.id)) : [],
  ]);
  const ownerById = new Map(owners.filter((o) => o !== null).map((o) => [o!.id, o!]));
  const summaryByShop = new Map(live.map((shop, i) => [shop.id, summaries[i]!]));
  return new Map(
    ids.map((id, i): [string, Projection | Unprojectable | null] => {
      const shop = shops[i];
      if (!shop) return [id, null];
      try {
        return [id, projectionOf(shop, ownerById.get(shop.ownerId) ?? null, summaryByShop.get(shop.id) ?? null, now)];
      } catch (error) {
        if (error instanceof UnprojectableShopError) return [id, { unprojectable: error.message }];
        throw error;
      }
    }),
  );
}

/**
 * Rebuilds read-model documents from the command side in batches: bulk source reads and
 * pipelined versioned writes, so a rebuild can never put an older state over a newer
 * one the projector wrote meanwhile (that write is reported `stale`).
 */
export function createRebuilder({ sources, store, projector, logger }: { sources: CommandSources; store: ReadModelStore; projector: Projector; logger: Logger }) {
  async function rebuildBatch(ids: string[], report: RebuildReport, force: boolean): Promise<void> {
    // Unforced, what is stored is read first (versions are small): only documents missing or
    // behind are sent, so an audit of an intact read model moves ids and versions, not documents.
    const [projections, stored] = await Promise.all([projectionsOf(sources, ids), force ? null : storedStates(store, ids)]);
    const writes: { id: string; document: Projection['document']; versions: Projection['versions'] }[] = [];
    for (const [i, id] of ids.entries()) {
      const projection = projections.get(id);
      if (projection === null || projection === undefined) {
        await store.remove(id);
        report.removed += 1;
      } else if ('unprojectable' in projection) {
        // One broken shop must not fail every full rebuild (which would then start again from page one, for ever).
        logger.warn({ shopId: id, reason: projection.unprojectable }, 'rebuild: shop skipped, its document cannot be built');
        report.skipped += 1;
      } else if (stored?.(i, projection.versions)) {
        report.stale += 1;
      } else {
        writes.push({ id, ...projection });
      }
    }
    const results = await store.writeMany(writes, { force });
    for (const [i, result] of results.entries()) {
      const write = writes[i]!;
      if (result === 'written') write.document ? (report.written += 1) : (report.removed += 1);
      else if (result === 'stale') report.stale += 1;
      // Incomparable with a concurrent projection: re-read this one shop until it settles.
      else if ((await projector.projectShop(write.id)) === 'written') report.written += 1;
      else report.stale += 1;
    }
    report.checked += ids.length;
  }

  async function rebuildIds(ids: string[], onProgress?: (report: RebuildReport) => void, { force = false, signal }: RebuildOptions = {}): Promise<RebuildReport> {
    const report = emptyReport();
    for (let i = 0; i < ids.length; i += BATCH_SIZE) {
      signal?.throwIfAborted();
      await rebuildBatch(ids.slice(i, i + BATCH_SIZE), report, force);
      onProgress?.(report);
    }
    return report;
  }

  /**
   * Pages through ids from `page(after)` until it returns none, with a few batches in
   * flight: each batch is mostly waiting (on the sources, then on Redis), so overlapping
   * them keeps the cores busy. Batches touch distinct shops, so their order does not matter.
   */
  async function rebuildPaged(page: (after: string | null) => Promise<string[]>, onProgress: ((report: RebuildReport) => void) | undefined, { force = false, signal }: RebuildOptions) {
    const report = emptyReport();
    const seen = new Set<string>();
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    for await (const ids of idPages(page)) {
      if (signal?.aborted) failure ??= { error: signal.reason };
      if (failure) break;
      for (const id of ids) seen.add(id);
      const batch = rebuildBatch(ids, report, force).then(
        () => onProgress?.(report),
        (error: unknown) => void (failure ??= { error }),
      );
      inFlight.add(batch);
      void batch.finally(() => inFlight.delete(batch));
      if (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    return { report, seen };
  }

  return {
    rebuildIds,
    /** Every live shop, then every document whose shop is no longer live. */
    async rebuildAll(onProgress?: (report: RebuildReport) => void, options: RebuildOptions = {}): Promise<RebuildReport> {
      const { force = false, signal } = options;
      const { report, seen } = await rebuildPaged((after) => sources.shopIds(after, BATCH_SIZE), onProgress, options);
      for await (const ids of store.documentIds()) {
        const orphans = ids.filter((id) => !seen.has(id));
        // A SCAN page can hold more ids than a source call takes.
        for (let i = 0; i < orphans.length; i += BATCH_SIZE) {
          signal?.throwIfAborted();
          await rebuildBatch(orphans.slice(i, i + BATCH_SIZE), report, force);
        }
      }
      logger.info(report, 'full rebuild done');
      return report;
    },
    /** Shops whose own data changed at or after `since` (deleted ones included). */
    async rebuildSince(since: Date, onProgress?: (report: RebuildReport) => void, options: RebuildOptions = {}): Promise<RebuildReport> {
      return (await rebuildPaged((after) => sources.shopIdsChangedSince(since, after, BATCH_SIZE), onProgress, options)).report;
    },
  };
}

export type Rebuilder = ReturnType<typeof createRebuilder>;
