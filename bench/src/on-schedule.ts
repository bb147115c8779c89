/**
 * Calls `send(i)` at `started + i / perSecond` for each i below `count`, from one timer at a
 * time, and waits for every call. (A timer per call, all set at the start, was 12,000 timers
 * and promises made in W1's first instant, where its slowest updates were.)
 */
export async function onSchedule(count: number, perSecond: number, started: number, send: (i: number) => Promise<void>): Promise<void> {
  const sent: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(send(i));
  }
  await Promise.all(sent);
}
