import { pipelineByNode, type RedisClient } from '@shopgraph/redis-client/redis';
import { DAY_TTL_SECONDS, type AdsKeys } from './ads-keys.js';
import { isSpent } from './campaign-state.js';
import { luaScript } from './lua.js';

/**
 * Counts a click and charges its bid, once per token, in one step on the campaign's slot: a
 * token already counted is not counted again; a campaign that cannot be charged now (paused,
 * its shop not open, not started or ended by the clock) is not charged; a bid that would take
 * the day's spend past the budget is not charged; otherwise the day's spend and clicks grow,
 * the token is remembered past its life, and the click joins the campaign's click log, from
 * which the click recorder moves it to PostgreSQL. Concurrent clicks queue on the slot, so
 * spending never passes the budget.
 *
 * KEYS: campaign, day, counted token, click log. ARGV: now (ms), the token's bid, its nonce,
 * how long to remember it (ms), day TTL (s), day.
 * Reply: outcome, then (charged, over budget) the campaign's areas, its bid now, the day's spend, its budget.
 */
const CHARGE_CLICK = `
if redis.call('EXISTS', KEYS[3]) == 1 then return {'counted'} end
local c = redis.call('HMGET', KEYS[1], 'status', 'open', 'starts', 'ends', 'budget', 'bid', 'areas')
if not c[1] then return {'unknown'} end
local now = tonumber(ARGV[1])
if c[1] ~= 'ACTIVE' or c[2] ~= '1' or tonumber(c[3]) > now or (c[4] ~= '' and tonumber(c[4]) <= now) then return {'closed'} end
local bid = tonumber(ARGV[2])
local spent = tonumber(redis.call('HGET', KEYS[2], 'spent') or '0')
if spent + bid > tonumber(c[5]) then return {'over-budget', c[7], c[6], tostring(spent), c[5]} end
spent = redis.call('HINCRBY', KEYS[2], 'spent', bid)
redis.call('HINCRBY', KEYS[2], 'clicks', 1)
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[5]))
redis.call('SET', KEYS[3], '1', 'PX', tonumber(ARGV[4]))
redis.call('XADD', KEYS[4], '*', 'token', ARGV[3], 'bid', ARGV[2], 'day', ARGV[6], 'at', ARGV[1])
return {'charged', c[7], c[6], tostring(spent), c[5]}
`;

/** KEYS: the area's campaigns out of budget on the day. ARGV: campaign, TTL (s). */
const MARK_SPENT = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
`;

/** charged: counted and charged; counted: the token was counted before; closed: the campaign cannot be charged now; over-budget: the bid would pass today's budget; unknown: the store does not have the campaign. */
export type ClickOutcome = 'charged' | 'counted' | 'closed' | 'over-budget' | 'unknown';

export interface Click {
  campaignId: string;
  /** The bid the slot was served at: what the click costs. */
  bid: number;
  /** The token's nonce: a click is counted once per nonce. */
  nonce: string;
  /** ms since the epoch. */
  at: number;
  /** The Asia/Seoul day whose budget it is charged against: the day it arrives. */
  day: string;
  /** How long the token is remembered as counted, ms: past the token's own life. */
  rememberMs: number;
}

export function createClickCharger(redis: RedisClient, keys: AdsKeys) {
  const chargeClick = luaScript(redis, 'adsChargeClick', 4, CHARGE_CLICK);
  const markSpent = luaScript(redis, 'adsMarkSpent', 1, MARK_SPENT);

  return async function charge(click: Click): Promise<ClickOutcome> {
    const { campaignId, day } = click;
    const [outcome, areas = '', bidNow = '0', spent = '0', budget = '0'] = (await chargeClick.call(
      [keys.campaign(campaignId), keys.day(campaignId, day), keys.countedToken(campaignId, click.nonce), keys.clickLog(campaignId)],
      [click.at, click.bid, click.nonce, click.rememberMs, DAY_TTL_SECONDS, day],
    )) as [ClickOutcome, string?, string?, string?, string?];
    if (outcome === 'charged' || outcome === 'over-budget') {
      // Less than one click (at its bid now) left: out of its areas' slates for the rest of the day.
      if (isSpent({ bidPerClick: Number(bidNow), dailyBudget: Number(budget) }, Number(spent))) {
        const marks = areas.split(',').filter(Boolean).map((area) => keys.spent(area, day));
        await pipelineByNode(redis, marks, (pipeline, index) => markSpent.queue(pipeline, [marks[index]!], [campaignId, DAY_TTL_SECONDS]));
      }
      if (outcome === 'charged') await redis.sadd(keys.dirty, campaignId);
    }
    return outcome;
  };
}
