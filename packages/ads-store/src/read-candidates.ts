import type { RedisClient } from '@shopgraph/redis-client/redis';
import type { AdsKeys } from './ads-keys.js';
import { luaScript } from './lua.js';

/**
 * An area's (or an area and category's) highest bids: the first `ARGV[1]` campaigns of its
 * ranking, and every campaign that bids as much as the last of them (equal bids take turns, so
 * a cut through them would favour some), each with its serving window and whether it is out
 * of budget today. The first reply says whether the ranking holds more. One step on the area's slot.
 *
 * KEYS: rank, info, spent (today). ARGV: how many.
 */
const READ_CANDIDATES = `
local limit = tonumber(ARGV[1])
local top = redis.call('ZREVRANGE', KEYS[1], 0, limit - 1, 'WITHSCORES')
local full = #top / 2 == limit
if full then
  local last = top[#top]
  local seen = {}
  for i = 1, #top, 2 do seen[top[i]] = true end
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], last, last)) do
    if not seen[id] then top[#top + 1] = id; top[#top + 1] = last end
  end
end
local out = {full and 1 or 0}
for i = 1, #top, 2 do
  out[#out + 1] = top[i]
  out[#out + 1] = top[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], top[i]) or ''
  out[#out + 1] = redis.call('SISMEMBER', KEYS[3], top[i])
end
return out
`;

/** A campaign that may fill a slot, as its area's index has it. */
export interface Candidate {
  campaignId: string;
  shopId: string;
  bid: number;
  /** ms since the epoch. */
  startsAt: number;
  /** ms since the epoch; null: runs until paused. */
  endsAt: number | null;
  /** Less than one click of today's budget left. */
  spent: boolean;
}

export function createCandidateReader(redis: RedisClient, keys: AdsKeys) {
  const readCandidates = luaScript(redis, 'adsReadCandidates', 3, READ_CANDIDATES);

  /** The `limit` highest bids of the area (of the category in it, if given), ties at the cut included; `more`: the ranking holds more. */
  return async function candidates(area: string, category: string | null, day: string, limit: number): Promise<{ candidates: Candidate[]; more: boolean }> {
    const reply = (await readCandidates.call([keys.rank(area, category ?? undefined), keys.areaInfo(area), keys.spent(area, day)], [limit])) as (string | number)[];
    const found: Candidate[] = [];
    for (let i = 1; i + 3 < reply.length; i += 4) {
      const [, shopId = '', startsAt = '0', endsAt = ''] = String(reply[i + 2]).split('|');
      found.push({
        campaignId: String(reply[i]),
        bid: Number(reply[i + 1]),
        shopId,
        startsAt: Number(startsAt),
        endsAt: endsAt === '' ? null : Number(endsAt),
        spent: Number(reply[i + 3]) === 1,
      });
    }
    return { candidates: found, more: Number(reply[0]) === 1 };
  };
}
