/** The browser's local date-time (`2026-12-05T10:00`) as the API's UTC ISO string; null when it is none. */
export function isoFromLocal(local: string): string | null {
  const time = new Date(local).getTime();
  return local && Number.isFinite(time) ? new Date(time).toISOString() : null;
}

/** An API date-time as a `datetime-local` input's value, in the browser's time zone. */
export function localFromIso(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
