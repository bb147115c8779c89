import CircuitBreaker from 'opossum';
import { gauge } from '@shopgraph/telemetry/metrics';
import type { Logger } from '@shopgraph/telemetry/logger';
import { SourceUnavailableError } from '@shopgraph/service-shell/service-client';
import type { CommandSystem } from '@shopgraph/events/events';
import type { CommandSources } from './command-sources.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** The command systems a shop document is projected from. */
type Source = Extract<CommandSystem, 'owner' | 'shop' | 'review'>;

export interface BreakerOptions {
  /**
   * Percentage of failed calls (in the rolling window) that opens the circuit.
   * @default 50
   */
  errorThresholdPercentage?: number;
  /**
   * How long an open circuit waits before letting one trial call through, in ms.
   * @default 5000
   */
  resetTimeoutMs?: number;
  /**
   * Calls in the window before the percentage counts.
   * @default 5
   */
  volumeThreshold?: number;
}

const SOURCE_OF: Record<keyof CommandSources, Source> = {
  shopSnapshot: 'shop',
  shopSnapshots: 'shop',
  shopIds: 'shop',
  shopIdsChangedSince: 'shop',
  shopIdsByOwner: 'shop',
  shopVersions: 'shop',
  ownerSnapshot: 'owner',
  ownerSnapshots: 'owner',
  reviewSummary: 'review',
  reviewSummaries: 'review',
  reviewCounts: 'review',
};

/**
 * Puts one circuit breaker (opossum) in front of each command subgraph. While a source
 * is down its calls fail at once with SourceUnavailableError instead of waiting for
 * timeouts, so the projector backs off without hammering it; a trial call every
 * `resetTimeoutMs` closes the circuit again once the source answers. Only outages count
 * as failures: a GraphQL error from a healthy source does not open the circuit.
 */
export function guardSources(sources: CommandSources, logger: Logger, options: BreakerOptions = {}) {
  const breakers = new Map<Source, CircuitBreaker>();
  const stateGauge = gauge({
    name: 'shopgraph_circuit_breaker_state',
    help: "1 for the state each source's circuit breaker is in (closed, open, half-open), 0 for the others",
    labelNames: ['source', 'state'],
  });
  for (const name of ['owner', 'shop', 'review'] as const) {
    const breaker = new CircuitBreaker(async <T>(call: () => Promise<T>) => call(), {
      timeout: false, // the service client has its own per-call timeout
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      resetTimeout: options.resetTimeoutMs ?? 5000,
      volumeThreshold: options.volumeThreshold ?? 5,
      errorFilter: (error: unknown) => !(error instanceof SourceUnavailableError),
    });
    const show = (state: BreakerState) => {
      for (const each of ['closed', 'open', 'half-open'] as const) stateGauge.set({ source: name, state: each }, each === state ? 1 : 0);
    };
    show('closed');
    breaker.on('open', () => {
      show('open');
      logger.warn({ source: name }, 'circuit open: source unavailable, backing off');
    });
    breaker.on('halfOpen', () => {
      show('half-open');
      logger.info({ source: name }, 'circuit half-open: trying the source again');
    });
    breaker.on('close', () => {
      show('closed');
      logger.info({ source: name }, 'circuit closed: source back');
    });
    breakers.set(name, breaker);
  }

  const guarded = Object.fromEntries(
    (Object.keys(SOURCE_OF) as (keyof CommandSources)[]).map((method) => {
      const breaker = breakers.get(SOURCE_OF[method])!;
      const call = (...args: unknown[]) =>
        breaker.fire(() => (sources[method] as (...a: unknown[]) => Promise<unknown>)(...args)).catch((error: unknown) => {
          if ((error as { code?: string }).code === 'EOPENBREAKER') {
            throw new SourceUnavailableError(`${SOURCE_OF[method]} source: circuit open`);
          }
          throw error;
        });
      return [method, call];
    }),
  ) as unknown as CommandSources;

  return {
    sources: guarded,
    states(): Record<Source, BreakerState> {
      const state = (b: CircuitBreaker): BreakerState => (b.opened ? 'open' : b.halfOpen ? 'half-open' : 'closed');
      return { owner: state(breakers.get('owner')!), shop: state(breakers.get('shop')!), review: state(breakers.get('review')!) };
    },
    shutdown(): void {
      for (const breaker of breakers.values()) breaker.shutdown();
    },
  };
}
