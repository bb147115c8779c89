import type { ClickLog } from '@shopgraph/ads-store/click-log';
import type { Clock } from '@shopgraph/ads-store/clock';
import { seoulDay } from '@shopgraph/ads-store/seoul-day';
import type { PrismaClient } from '@shopgraph/db/create-prisma';
import type { Logger } from '@shopgraph/telemetry/logger';
import { counter } from '@shopgraph/telemetry/metrics';
import { recordClicks } from './record-clicks.js';

export interface ClickRecorderOptions {
  prisma: PrismaClient;
  log: ClickLog;
  clock: Clock;
  logger: Logger;
  /** Pause between rounds when there is nothing more to move, ms (ADS_CLICK_RECORD_MS). */
  intervalMs: number;
  /** Campaigns per round. @default 200 */
  batch?: number;
  /** How often every recently active campaign is marked again, in case a mark was lost, ms. @default 60000 */
  sweepMs?: number;
}

/** Logged clicks read per campaign per round: a campaign with more is marked for the next round. */
const CLICKS_PER_CAMPAIGN = 1000;
const DAY_MS = 86_400_000;

/**
 * Moves what the serving store counted into PostgreSQL's records: the campaigns marked by a
 * click or an impression, their logged clicks and their impression counts of today and
 * yesterday, in one statement per round (record-clicks.ts), after which the store forgets the
 * clicks moved. Clicks are counted and charged in Redis whatever PostgreSQL's state; while it
 * is down, rounds fail, the marks are put back, and the clicks wait in the store's log until
 * it is back. A sweep marks every recently active campaign now and then, for a mark lost
 * between a click's charge and its mark.
 */
export function startClickRecorder({ prisma, log, clock, logger, intervalMs, batch = 200, sweepMs = 60_000 }: ClickRecorderOptions) {
  const recorded = counter({ name: 'shopgraph_ads_recorded_clicks_total', help: 'Charged clicks the click recorder moved from the serving store to PostgreSQL' });
  const failures = counter({ name: 'shopgraph_ads_click_recorder_failures_total', help: 'Click recorder rounds that failed (PostgreSQL or the serving store unreachable); their campaigns are tried again' });
  let running = true;
  let lastSweep = 0;
  let wake: (() => void) | undefined;

  async function round(): Promise<number> {
    if (Date.now() - lastSweep > sweepMs) {
      const active = await prisma.adCampaign.findMany({ where: { OR: [{ status: 'ACTIVE' }, { updatedAt: { gt: new Date(Date.now() - DAY_MS) } }] }, select: { id: true } });
      await log.mark(active.map((campaign) => String(campaign.id)));
      lastSweep = Date.now();
    }
    const campaignIds = await log.takeMarked(batch);
    if (campaignIds.length === 0) return 0;
    try {
      const clicks = await log.clicks(campaignIds, CLICKS_PER_CAMPAIGN);
      const now = clock.now();
      const days = [seoulDay(now), seoulDay(now - DAY_MS)];
      const impressions = (await Promise.all(days.map(async (day) => (await log.impressions(campaignIds, day)).map((count, i) => ({ campaignId: campaignIds[i]!, day, impressions: count }))))).flat();
      await recordClicks(prisma, clicks, impressions.filter((counted) => counted.impressions > 0));
      await log.forget(clicks);
      recorded.inc(clicks.length);
      const more = campaignIds.filter((id) => clicks.filter((click) => click.campaignId === id).length === CLICKS_PER_CAMPAIGN);
      await log.mark(more);
      return campaignIds.length;
    } catch (error) {
      await log.mark(campaignIds).catch(() => {});
      throw error;
    }
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    let failed = 0;
    while (running) {
      try {
        const moved = await round();
        failed = 0;
        if (moved < batch) await pause(intervalMs);
      } catch (error) {
        failed += 1;
        failures.inc();
        logger.warn({ err: error, failed }, 'click recorder could not move clicks to PostgreSQL; will retry');
        await pause(Math.min(5000, intervalMs * 2 ** failed));
      }
    }
  })();

  return {
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
    },
  };
}
