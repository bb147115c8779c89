import { graphql } from '@shopgraph/operator-tools/graphql-client';
import { waitFor } from '@shopgraph/testing/wait-for';
import type { LoadOptions, LoadRun } from './load-generator.ts';
import { SHOP_FIELDS, UNCACHED } from './shop-queries.ts';
import { post } from './post-graphql.ts';
import { shuffled } from './stats.ts';

/** A sponsored slate as a customer app asks for it: every field of each shop, as the shop reads are timed. */
const SLATE = `query Slate($area: String!) { sponsoredShops(area: $area, first: 3) { position trackingToken shop { ${SHOP_FIELDS} } } }`;
const SHOPS3 = `query Shops3($ids: [ID!]!) { shops(ids: $ids) { ${SHOP_FIELDS} } }`;
const CREATE = 'mutation BenchCampaign($shopId: ID!, $input: AdCampaignInput!) { createAdCampaign(shopId: $shopId, input: $input) { id } }';
const PAUSE = 'mutation BenchPause($id: ID!) { setAdCampaignStatus(id: $id, status: PAUSED) { id } }';
const CLICK = 'mutation BenchClick($token: String!) { recordAdClick(trackingToken: $token) }';
const COUNTERS = '{ me { shops { adCampaigns { id spentToday clicksToday } } } }';

export interface AdsBenchOptions {
  gatewayUrl: string;
  /** Synthetic shops (open, projected) and each one's owner's token. */
  shops: { id: string; token: string }[];
  run: (options: LoadOptions) => Promise<LoadRun>;
  connections: number;
  seconds: number;
  warmup: number;
  /** Concurrent clicks on one campaign. @default 1000 */
  clicks?: number;
}

interface ClickAnswer {
  status: number;
  ms: number;
  /** true/false as recordAdClick answered; null for a refusal. */
  answer: boolean | null;
  retryAfter: boolean;
  code?: string;
}

async function clickOnce(url: string, token: string): Promise<ClickAnswer> {
  const started = performance.now();
  try {
    const answer = await post(url, CLICK, { token });
    return {
      status: answer.status,
      ms: performance.now() - started,
      answer: typeof answer.data?.recordAdClick === 'boolean' ? answer.data.recordAdClick : null,
      retryAfter: answer.retryAfter !== null,
      code: answer.errors?.[0]?.extensions?.code,
    };
  } catch {
    return { status: 0, ms: performance.now() - started, answer: null, retryAfter: false, code: 'NO_ANSWER' };
  }
}

/**
 * Issue 19's two targets. A1: `sponsoredShops(area, first: 3)` through the gateway beside an
 * uncached `shops(ids)` of 3 random ids, same load, same run. A2: a burst of concurrent clicks on
 * one campaign whose budget pays for a fifth of them: spending must stay within the budget,
 * every click must be answered, and a refusal may only be a fast 503 with Retry-After.
 */
export async function measureAds({ gatewayUrl, shops, run, connections, seconds, warmup, clicks = 1000 }: AdsBenchOptions) {
  const area = `bench-${Date.now().toString(36)}`;
  const clickArea = `${area}-clicks`;
  const call = <T>(query: string, variables: Record<string, unknown>, token?: string) => graphql<T>(gatewayUrl, query, variables, token);
  const campaigns: { id: string; token: string }[] = [];
  const slateShops = shops.slice(0, 10);
  for (const [i, shop] of slateShops.entries()) {
    const input = { areas: [area], bidPerClick: 500 + 100 * (i % 4), dailyBudget: 10_000_000 };
    const { createAdCampaign } = await call<{ createAdCampaign: { id: string } }>(CREATE, { shopId: shop.id, input }, shop.token);
    campaigns.push({ id: createAdCampaign.id, token: shop.token });
  }
  const clickShop = shops[10]!;
  const bid = 1000;
  const budget = bid * Math.floor(clicks / 5);
  const { createAdCampaign: clickCampaign } = await call<{ createAdCampaign: { id: string } }>(CREATE, { shopId: clickShop.id, input: { areas: [clickArea], bidPerClick: bid, dailyBudget: budget } }, clickShop.token);
  campaigns.push({ id: clickCampaign.id, token: clickShop.token });
  try {
    type Slate = { sponsoredShops: { trackingToken: string; shop: unknown }[] };
    await waitFor(async () => (await call<Slate>(SLATE, { area })).sponsoredShops.filter((slot) => slot.shop).length === 3, { what: 'the bench slate served', timeoutMs: 60_000 });
    await waitFor(async () => (await call<Slate>(SLATE, { area: clickArea })).sponsoredShops.length === 1, { what: 'the click campaign served', timeoutMs: 60_000 });

    // A1, one after the other in the same run, the same connections and duration.
    const measure = async (bodies: string[]) => {
      await run({ url: gatewayUrl, bodies, headers: UNCACHED, connections, seconds: warmup });
      return run({ url: gatewayUrl, bodies, headers: UNCACHED, connections, seconds });
    };
    process.stdout.write('bench: sponsoredShops(area, first: 3) through the gateway …');
    const slate = await measure([JSON.stringify({ query: SLATE, variables: { area } })]);
    console.log(` ${slate.requestsPerSecond} req/s, p99 ${slate.p99Ms} ms`);
    process.stdout.write('bench: shops(3 ids) through the gateway, uncached …');
    const ids = shops.map((shop) => shop.id);
    const shops3 = await measure(Array.from({ length: 2000 }, () => JSON.stringify({ query: SHOPS3, variables: { ids: shuffled(ids).slice(0, 3) } })));
    console.log(` ${shops3.requestsPerSecond} req/s, p99 ${shops3.p99Ms} ms`);

    // A2: tokens first (each one a slot served), then every click at once.
    console.log(`bench: ${clicks} concurrent clicks on one campaign (bid ${bid}, budget ${budget}) …`);
    const tokens: string[] = [];
    while (tokens.length < clicks) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, clicks - tokens.length) }, () => call<Slate>(SLATE, { area: clickArea })));
      for (const answer of batch) tokens.push(answer.sponsoredShops[0]!.trackingToken);
    }
    const started = performance.now();
    const answers = await Promise.all(tokens.map((token) => clickOnce(gatewayUrl, token)));
    const burstMs = Math.round(performance.now() - started);
    const charged = answers.filter((a) => a.answer === true).length;
    const refused503 = answers.filter((a) => a.status === 503);
    const unanswered = answers.filter((a) => a.status === 0).length;
    // Clicks that may or may not have been charged: no answer, or an error other than a refusal
    // (a 503 refuses before charging).
    const undecided = answers.filter((a) => a.answer === null && a.status !== 503).length;
    const readCounters = async () => {
      const { me } = await call<{ me: { shops: { adCampaigns: { id: string; spentToday: number; clicksToday: number }[] }[] } }>(COUNTERS, {}, clickShop.token);
      return me.shops.flatMap((shop) => shop.adCampaigns).find((c) => c.id === clickCampaign.id);
    };
    // Every click told it was charged must reach the owner's counters; the undecided ones may too.
    // Taken once the counters hold every click that could have been charged or the budget is spent,
    // or with undecided clicks, as they are after 15 s. (Waiting for exactly `charged` hung the bench
    // on a box where charged clicks lost their answers, 2026-12-06: that is A2 not met, which the
    // figures below show, not a reason to stop.)
    const counters = await waitFor(
      async () => {
        const found = await readCounters();
        return found && found.clicksToday >= charged && (found.clicksToday === charged + undecided || found.spentToday + bid > budget) ? found : undefined;
      },
      { what: 'the charged clicks in the owner’s counters', timeoutMs: undecided === 0 ? 60_000 : 15_000 },
    ).catch(async (error: unknown) => {
      const found = undecided > 0 ? await readCounters() : undefined;
      if (!found || found.clicksToday < charged) throw error;
      return found;
    });
    const clickRun = {
      clicks,
      bid,
      budget,
      burstMs,
      charged,
      notCharged: answers.filter((a) => a.answer === false).length,
      refused503: refused503.length,
      refused503WithoutRetryAfter: refused503.filter((a) => !a.retryAfter).length,
      refused503SlowestMs: Math.round(Math.max(0, ...refused503.map((a) => a.ms))),
      otherRefusals: Object.fromEntries(
        Object.entries(
          answers
            .filter((a) => a.answer === null && a.status !== 503)
            .reduce<Record<string, number>>((counts, a) => ({ ...counts, [`${a.status} ${a.code ?? ''}`.trim()]: (counts[`${a.status} ${a.code ?? ''}`.trim()] ?? 0) + 1 }), {}),
        ),
      ),
      fiveHundreds: answers.filter((a) => a.status >= 500 && a.status !== 503).length,
      unanswered,
      spentToday: counters.spentToday,
      clicksToday: counters.clicksToday,
    };
    console.log(
      `bench: ${charged} charged, ${clickRun.notCharged} not (budget spent), ${clickRun.refused503} refused 503 (slowest ${clickRun.refused503SlowestMs} ms), spent ${clickRun.spentToday} of ${budget} in ${burstMs} ms`,
    );
    return { area, slate, shops3, slateVsShops3: +(slate.requestsPerSecond / shops3.requestsPerSecond).toFixed(2), clicks: clickRun };
  } finally {
    // Out of every slate: the synthetic shops are removed at the end of the bench.
    for (const campaign of campaigns) await call(PAUSE, { id: campaign.id }, campaign.token).catch(() => {});
  }
}
