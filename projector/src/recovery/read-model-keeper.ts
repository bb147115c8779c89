import { randomUUID } from 'node:crypto';
import type { Logger } from '@shopgraph/telemetry/logger';
import { cursorPages, idPages } from '@shopgraph/graphql-conventions/paging';
import type { CommandSources, ShopVersion } from '../sources/command-sources.js';
import type { ReadModelStore } from '@shopgraph/read-model';
import { BATCH_SIZE, emptyReport, storedStates, type Rebuilder, type RebuildReport } from './rebuild.js';
import { claimFullRebuild, CLAIM_TTL_MS, RebuildClaimLostError } from './claimed-rebuild.js';

export interface ReadModelKeeperOptions {
  store: ReadModelStore;
  sources: Pick<CommandSources, 'shopIds' | 'shopVersions' | 'ownerSnapshots' | 'reviewCounts'>;
  rebuilder: Rebuilder;
  logger: Logger;
  /** How often the generation marker, the readers' repair requests and a sample of documents are checked, in ms. @default 2000 */
  checkIntervalMs?: number;
  /** How often every shop's document is compared with the command side's versions, in ms; 0: never. @default 60000 */
  auditIntervalMs?: number;
  /** The full rebuild's claim (see claimed-rebuild.ts). @default 15000 */
  claimTtlMs?: number;
  /** Live shop ids checked for a document on every check (a sample of those the last audit saw). @default 32 */
  probeSize?: number;
}

export type KeeperState =
  | { state: 'starting' }
  | { state: 'intact'; rebuiltAt: string; lastAudit?: { at: string; by: 'this projector' | 'another projector' } }
  | { state: 'rebuilding'; reason: string; startedAt: string; progress: RebuildReport }
  | { state: 'rebuilt elsewhere'; reason: string }
  | { state: 'gave up its rebuild'; reason: string }
  | { state: 'unknown'; error: string };

/** Live shops per page of a versions audit (the owner and review systems' bulk reads take at most 500). */
const AUDIT_PAGE = 500;

/** Live shop ids the probe samples from: a uniform sample of the last audit's (reservoir sampling, Algorithm R). */
const SAMPLE_SIZE = 1024;

/**
 * Keeps the read model whole without an operator.
 *
 * - **Lost whole** (Redis restarted empty, flushed): the generation marker goes with it;
 *   while it is missing, one projector (the one that claims the full rebuild, which
 *   `POST /admin/resync` shares) rebuilds everything and writes the marker again. Readers
 *   meanwhile answer a missing document as "being rebuilt" (retryable), never "no such shop".
 * - **Lost in part, marker intact** (documents deleted by pattern, evicted, dropped by a
 *   failover): noticed within one check, by either of two cheap signs: a reader found a
 *   live shop without its document (the display subgraph queues its id, see
 *   `store.whyMissing`), or one of a sample of live shops has none. The ids asked for are
 *   rebuilt first, then every live shop without a document (ids and EXISTS only).
 * - **Behind** (an event lost, a document written behind the projector's back): the
 *   periodic audit compares every shop's stored versions with the command side's and
 *   rewrites the stale ones, and removes documents of shops no longer live. It reads versions
 *   only (the shop's, its owner's, its review count), and a shop's whole state only where a
 *   document is behind: reading every shop's state to learn its versions cost seconds of CPU
 *   per 10,000 shops, all at once. One projector per interval runs it (a claim).
 *
 * The state is on /ready (`readModel`) and every step is logged.
 */
export function startReadModelKeeper({
  store,
  sources,
  rebuilder,
  logger,
  checkIntervalMs = 2000,
  auditIntervalMs = 60_000,
  claimTtlMs = CLAIM_TTL_MS,
  probeSize = 32,
}: ReadModelKeeperOptions) {
  let current: KeeperState = { state: 'starting' };
  let stopped = false;
  let busy: Promise<void> | null = null;
  let lastAudit = Date.now();
  let audited: { at: string; by: 'this projector' | 'another projector' } | undefined;
  const owner = randomUUID();
  /** Live shop ids to probe; empty until the first audit (run at the first intact check). */
  let sample: string[] = [];
  let sampledFirst = false;

  async function rebuildAll(reason: string): Promise<void> {
    const claimed = await claimFullRebuild({ store, rebuilder, logger, claimTtlMs });
    if (!claimed) {
      current = { state: 'rebuilt elsewhere', reason };
      return;
    }
    const startedAt = new Date();
    const progress = emptyReport();
    current = { state: 'rebuilding', reason, startedAt: startedAt.toISOString(), progress };
    logger.warn({ reason }, 'read model lost: rebuilding it from the command side');
    let lastLog = Date.now();
    try {
      const report = await claimed.run((report) => {
        Object.assign(progress, report);
        if (Date.now() - lastLog >= 5000) {
          lastLog = Date.now();
          logger.info({ ...report }, 'read model rebuild progress');
        }
      });
      logger.info({ ...report, seconds: (Date.now() - startedAt.getTime()) / 1000 }, 'read model rebuilt');
    } catch (error) {
      if (!(error instanceof RebuildClaimLostError)) throw error;
      current = { state: 'gave up its rebuild', reason: error.message };
      logger.warn({ reason: error.message }, 'read model rebuild stopped: its claim was lost');
    }
  }

  /** Rebuilds the shops readers found without a document; true if there were any. */
  async function repairRequested(): Promise<boolean> {
    const ids = await store.takeRepairRequests(BATCH_SIZE);
    if (ids.length === 0) return false;
    const report = await rebuilder.rebuildIds(ids);
    logger.warn({ ...report, ids: ids.slice(0, 20) }, 'read model: rebuilt shops a reader found without a document');
    return true;
  }

  /**
   * Those of a page of live shops whose document is missing or older than the command
   * side's versions. A shop whose owner the owner system does not know counts as behind:
   * its rebuild passes it over and logs why.
   */
  async function behind(page: ShopVersion[]): Promise<string[]> {
    const ids = page.map((shop) => shop.id);
    const [stored, owners, reviewCounts] = await Promise.all([
      storedStates(store, ids),
      sources.ownerSnapshots([...new Set(page.map((shop) => shop.ownerId))]),
      sources.reviewCounts(ids),
    ]);
    const ownerVersions = new Map(owners.flatMap((owner) => (owner ? [[owner.id, owner.version] as const] : [])));
    return page
      .filter((shop, i) => {
        const owner = ownerVersions.get(shop.ownerId);
        return owner === undefined || !stored(i, { shop: shop.version, owner, reviews: reviewCounts[i]!, deleted: false });
      })
      .map((shop) => shop.id);
  }

  /** Live shops page by page, each page with what the audit rebuilds of it (see `audit`). */
  async function* auditPages(kind: 'presence' | 'versions'): AsyncGenerator<{ ids: string[]; todo: () => Promise<string[]> }> {
    if (kind === 'versions') {
      for await (const page of cursorPages((after) => sources.shopVersions(after, AUDIT_PAGE), (shop) => shop.id)) {
        yield { ids: page.map((shop) => shop.id), todo: () => behind(page) };
      }
    } else {
      for await (const ids of idPages((after) => sources.shopIds(after, BATCH_SIZE))) yield { ids, todo: () => store.missing(ids) };
    }
  }

  /**
   * `presence`: every live shop without a document is rebuilt. `versions`: every live shop
   * whose document is missing or behind the command side's versions too, then documents of
   * shops no longer live.
   */
  async function audit(kind: 'presence' | 'versions'): Promise<void> {
    const report = emptyReport();
    const seen = new Set<string>();
    const reservoir: string[] = [];
    let counted = 0;
    const add = (part: RebuildReport) => {
      for (const key of Object.keys(report) as (keyof RebuildReport)[]) report[key] += part[key];
    };
    for await (const { ids, todo } of auditPages(kind)) {
      if (stopped) return;
      for (const id of ids) {
        if (kind === 'versions') seen.add(id);
        const slot = counted < SAMPLE_SIZE ? counted : Math.floor(Math.random() * (counted + 1));
        if (slot < SAMPLE_SIZE) reservoir[slot] = id;
        counted += 1;
      }
      await repairRequested();
      const rebuild = await todo();
      report.checked += ids.length - rebuild.length;
      if (rebuild.length > 0) add(await rebuilder.rebuildIds(rebuild));
    }
    if (kind === 'versions') {
      for await (const ids of store.documentIds()) {
        if (stopped) return;
        const orphans = ids.filter((id) => !seen.has(id));
        if (orphans.length > 0) add(await rebuilder.rebuildIds(orphans));
      }
    }
    sample = reservoir;
    const repaired = report.written + report.removed;
    if (repaired > 0 || report.skipped > 0) logger.warn({ ...report, kind }, 'read model audit: repaired documents that were missing or behind');
  }

  /**
   * True when one of a few sampled live shops has no document: more are likely gone. (A
   * sampled shop deleted since has none either: that costs one presence audit, which then
   * samples the live shops afresh.)
   */
  async function probe(): Promise<boolean> {
    if (sample.length === 0) return false;
    const picked = new Set<string>();
    for (let i = 0; i < Math.min(probeSize, sample.length); i += 1) picked.add(sample[Math.floor(Math.random() * sample.length)]!);
    return (await store.missing([...picked])).length > 0;
  }

  async function check(): Promise<void> {
    const generation = await store.generation();
    if (!generation) {
      await rebuildAll('no generation marker (the read model was lost, or never built)');
      return;
    }
    current = { state: 'intact', rebuiltAt: generation.rebuiltAt, ...(audited ? { lastAudit: audited } : {}) };
    if (auditIntervalMs > 0 && Date.now() - lastAudit >= auditIntervalMs) {
      lastAudit = Date.now();
      // One projector per interval reads the whole command side; the claim outlives the
      // interval less one check, so whoever checks first in the next interval takes it.
      const mine = await store.claimAudit(owner, Math.max(auditIntervalMs - checkIntervalMs, 1));
      if (mine) await audit('versions');
      audited = { at: new Date().toISOString(), by: mine ? 'this projector' : 'another projector' };
      current = { state: 'intact', rebuiltAt: generation.rebuiltAt, lastAudit: audited };
    } else if (!sampledFirst || (await repairRequested()) || (await probe())) {
      // The first time, to learn which shops to probe; afterwards, because some document is gone.
      sampledFirst = true;
      await audit('presence');
    }
  }

  const tick = () => {
    if (busy || stopped) return;
    busy = check()
      .catch((error: unknown) => {
        // Redis or a source is down: the next round tries again; the projector itself reports those on /ready.
        current = { state: 'unknown', error: error instanceof Error ? error.message : String(error) };
        logger.debug({ err: error }, 'read model check failed');
      })
      .finally(() => (busy = null));
  };
  // At once, then every interval: a projector started on an empty read model builds it without
  // waiting (until the marker is there, readers answer "being rebuilt" rather than "no such shop").
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, checkIntervalMs);

  return {
    /** For /ready: informational, never failing (a rebuild in progress still serves). */
    state: (): KeeperState => current,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await busy;
    },
  };
}

export type ReadModelKeeper = ReturnType<typeof startReadModelKeeper>;
