import { counter } from '@shopgraph/kit/metrics';

/** How the display subgraph's shop reads were answered. */
export function readModelMetrics() {
  return {
    /** Shops asked of the read model (one MGET serves many). */
    reads: counter({ name: 'shopgraph_read_model_reads_total', help: 'Shops read from the read model' }),
    /** Shops the read model has no document for (unknown ids, or a lost document). */
    misses: counter({ name: 'shopgraph_read_model_misses_total', help: 'Shops read that had no document in the read model' }),
    /** Shops answered from memory while the read-model Redis was unreachable. */
    lastKnownServes: counter({ name: 'shopgraph_read_model_last_known_serves_total', help: 'Shops answered from the last known documents while the read model was unreachable' }),
    /** Shops refused because the read model was unreachable and no last known document was fresh. */
    unavailable: counter({ name: 'shopgraph_read_model_unavailable_total', help: 'Shops refused with SERVICE_UNAVAILABLE: read model unreachable, no recent last known document' }),
  };
}
