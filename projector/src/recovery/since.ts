const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `2h`, `30s`, `1d` (ago), or an ISO time; throws a message naming the value otherwise. */
export function parseSince(value: string, now = Date.now()): Date {
  const relative = /^(\d+)([smhd])$/.exec(value.trim());
  if (relative) return new Date(now - Number(relative[1]) * UNITS[relative[2]!]!);
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Error(`"${value}" is neither a duration like 15m nor an ISO time`);
  return new Date(time);
}
