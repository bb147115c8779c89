import { pipelineByNode, type RedisClient } from '@shopgraph/redis-client/redis';
import { DAY_TTL_SECONDS, type AdsKeys } from './ads-keys.js';
import { isRanked, isSpent, type CampaignState, type DayCounters } from './campaign-state.js';
import { luaScript } from './lua.js';

/**
 * Writes a campaign's state only if neither its version nor its shop's is older than the
 * stored ones, in one step on the campaign's slot; returns the outcome, the areas and the
 * category it was indexed under before, and what it has spent on the given day. `same`: the
 * versions equal the stored ones (nothing to write unless forced); `conflict`: one is newer,
 * the other older (two readers at different moments): the caller reads again.
 *
 * The day's counters are taken from the snapshot only when the store has none for that day:
 * the store counts clicks before PostgreSQL hears of them, so its own counters are the newer —
 * unless it lost them (Redis restarted empty), when the snapshot's, rebuilt from PostgreSQL's
 * record of charged clicks, are all there is. Both happen in this one script, so no click can
 * be charged against a campaign whose spend has not been restored.
 *
 * KEYS: campaign, day. ARGV: campaign version, shop version, shop, bid, budget, starts (ms),
 * ends (ms or ''), status, shop open ('1'/'0'), category, areas (comma-separated), the day's
 * spent, clicks, impressions from the snapshot, day TTL, force ('1'/'0').
 */
const WRITE_CAMPAIGN = `
local cv, sv = tonumber(ARGV[1]), tonumber(ARGV[2])
local cur = redis.call('HMGET', KEYS[1], 'cv', 'sv', 'areas', 'category')
local ccv, csv = tonumber(cur[1]), tonumber(cur[2])
local outcome = 'written'
if ccv then
  if cv < ccv or sv < csv then
    if cv <= ccv and sv <= csv then outcome = 'stale' else outcome = 'conflict' end
  elseif cv == ccv and sv == csv and ARGV[16] ~= '1' then
    outcome = 'same'
  end
end
if outcome == 'written' then
  redis.call('HSET', KEYS[1], 'cv', cv, 'sv', sv, 'shop', ARGV[3], 'bid', ARGV[4], 'budget', ARGV[5], 'starts', ARGV[6], 'ends', ARGV[7],
    'status', ARGV[8], 'open', ARGV[9], 'category', ARGV[10], 'areas', ARGV[11])
end
if outcome == 'written' or outcome == 'same' then
  if redis.call('EXISTS', KEYS[2]) == 0 then
    redis.call('HSET', KEYS[2], 'spent', ARGV[12], 'clicks', ARGV[13], 'impressions', ARGV[14])
    redis.call('EXPIRE', KEYS[2], tonumber(ARGV[15]))
  end
end
return {outcome, cur[3] or '', cur[4] or '', redis.call('HGET', KEYS[2], 'spent') or '0'}
`;

/**
 * Indexes a campaign in one area, or takes it out, unless the area already holds a newer
 * state of it: the rankings (all, and its category's; out of the category it had before),
 * its serving window, and whether it is out of budget on the day. One step on the area's slot.
 *
 * KEYS: rank, rank of the category, rank of the category before, info, spent (the day).
 * ARGV: campaign, campaign version, shop version, ranked ('1'/'0'), bid, info, spent ('1'/'0'), day TTL.
 */
const INDEX_IN_AREA = `
local cur = redis.call('HGET', KEYS[4], ARGV[1])
if cur then
  local ccv, csv = string.match(cur, '^(%d+):(%d+)|')
  if tonumber(ARGV[2]) < tonumber(ccv) or tonumber(ARGV[3]) < tonumber(csv) then return 0 end
end
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[1], ARGV[5], ARGV[1])
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
else
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2] .. ':' .. ARGV[3] .. '|' .. ARGV[6])
if ARGV[7] == '1' then redis.call('SADD', KEYS[5], ARGV[1]) else redis.call('SREM', KEYS[5], ARGV[1]) end
redis.call('EXPIRE', KEYS[5], tonumber(ARGV[8]))
return 1
`;

export type CampaignWriteResult = 'written' | 'same' | 'stale' | 'conflict';

/** A campaign's state and one day's counters, as the projection read them. */
export interface CampaignEntry {
  state: CampaignState;
  counters: DayCounters;
}

/** What an area's info says of a campaign: `<cv>:<sv>|<shop>|<starts>|<ends>`. */
export const areaInfoOf = (state: CampaignState) => `${state.shopId}|${state.startsAt}|${state.endsAt ?? ''}`;

/**
 * The serving store's writer: campaigns' states on their slots, then their place in every area
 * they are or were in. Both steps are versioned, so a late or repeated projection never puts an
 * older state over a newer one, and both are idempotent, so a write cut between them is made
 * whole by the next write of the campaign (the reconcile's, if no event comes).
 */
export function createCampaignWriter(redis: RedisClient, keys: AdsKeys) {
  const writeCampaign = luaScript(redis, 'adsWriteCampaign', 2, WRITE_CAMPAIGN);
  const indexInArea = luaScript(redis, 'adsIndexInArea', 5, INDEX_IN_AREA);

  return async function writeCampaigns(entries: readonly CampaignEntry[], now: number, { force = false } = {}): Promise<CampaignWriteResult[]> {
    const replies = (await pipelineByNode(
      redis,
      entries.map(({ state }) => keys.campaign(state.campaignId)),
      (pipeline, index) => {
        const { state, counters } = entries[index]!;
        writeCampaign.queue(pipeline, [keys.campaign(state.campaignId), keys.day(state.campaignId, counters.day)], [
          state.campaignVersion,
          state.shopVersion,
          state.shopId,
          state.bidPerClick,
          state.dailyBudget,
          state.startsAt,
          state.endsAt ?? '',
          state.status,
          state.shopOpen ? '1' : '0',
          state.category,
          state.areas.join(','),
          counters.spent,
          counters.clicks,
          counters.impressions,
          DAY_TTL_SECONDS,
          force ? '1' : '0',
        ]);
      },
    )) as [CampaignWriteResult, string, string, string][];

    const areaWrites: { area: string; keys: string[]; args: (string | number)[] }[] = [];
    replies.forEach(([outcome, previousAreas, previousCategory, spent], index) => {
      if (outcome === 'stale' || outcome === 'conflict') return;
      const { state, counters } = entries[index]!;
      const ranked = isRanked(state, now);
      const spentOut = isSpent(state, Number(spent)) ? '1' : '0';
      const areas = new Set([...state.areas, ...previousAreas.split(',').filter(Boolean)]);
      for (const area of areas) {
        areaWrites.push({
          area,
          keys: [keys.rank(area), keys.rank(area, state.category), keys.rank(area, previousCategory || state.category), keys.areaInfo(area), keys.spent(area, counters.day)],
          args: [state.campaignId, state.campaignVersion, state.shopVersion, ranked && state.areas.includes(area) ? '1' : '0', state.bidPerClick, areaInfoOf(state), spentOut, DAY_TTL_SECONDS],
        });
      }
    });
    await pipelineByNode(
      redis,
      areaWrites.map((write) => write.keys[0]!),
      (pipeline, index) => indexInArea.queue(pipeline, areaWrites[index]!.keys, areaWrites[index]!.args),
    );
    return replies.map(([outcome]) => outcome);
  };
}
