import { gatewayMemory } from './gateway-processes.ts';
import type { LoadOptions, LoadRun } from './load-generator.ts';

/**
 * Gateway RSS before and after `requests` customer reads, sampled between rounds of load,
 * so that growth (a leak) shows as a trend rather than one number.
 */
export async function measureGatewayMemory(
  run: (options: LoadOptions) => Promise<LoadRun>,
  load: Omit<LoadOptions, 'seconds'>,
  requests: number,
  roundSeconds = 20,
  /** The stack's gateway processes (see gatewayMemory). */
  gatewayPids?: () => Promise<number[]>,
) {
  const memory = async () => gatewayMemory(await gatewayPids?.());
  const before = await memory();
  const samples: { requests: number; totalMb: number; rssMb: number[] }[] = [];
  let sent = 0;
  let errors = 0;
  while (sent < requests) {
    const round = await run({ ...load, seconds: roundSeconds });
    sent += round.requests;
    errors += round.errors + round.non2xx;
    const now = await memory();
    samples.push({ requests: sent, totalMb: now.totalMb, rssMb: now.rssMb });
    process.stdout.write(`\rbench: memory run ${sent.toLocaleString('en')} / ${requests.toLocaleString('en')} requests, gateway RSS ${now.rssMb.join(' + ')} MB`);
  }
  console.log('');
  const after = await memory();
  return {
    requests: sent,
    errors,
    processes: before.pids.length,
    beforeMb: before.rssMb,
    afterMb: after.rssMb,
    beforeTotalMb: before.totalMb,
    afterTotalMb: after.totalMb,
    largestProcessMb: Math.max(...samples.flatMap((s) => s.rssMb), ...after.rssMb),
    samples,
  };
}
