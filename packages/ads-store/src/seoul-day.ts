/** Asia/Seoul is UTC+9 all year (Korea has kept no daylight saving time since 1988). */
const SEOUL_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * The Asia/Seoul calendar day of an instant, `YYYY-MM-DD`: the day whose budget a click is
 * charged against and whose counters an impression adds to.
 */
export function seoulDay(at: number): string {
  return new Date(at + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant the Asia/Seoul day of `at` ends (its next midnight), in ms since the epoch. */
export function endOfSeoulDay(at: number): number {
  return Math.floor((at + SEOUL_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS - SEOUL_OFFSET_MS;
}
