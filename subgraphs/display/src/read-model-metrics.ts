import { counter } from '@shopgraph/telemetry/metrics';

/** How the display subgraph's shop reads were answered. */
export function readModelMetrics() {
  return {
    /** Shops asked of the read model (one MGET serves many). */
    reads: counter({ name: 'shopgraph_read_model_reads_total', help: 'Shops read from the read model' }),
    /** Shops the read model has no document for (unknown ids, or a lost document). */
    misses: counter({ name: 'shopgraph_read_model_misses_total', help: 'Shops read that had no document in the read model' }),
    /** Shops without a document that do exist (document lost, or a rebuild has not reached them): never answered null. */
    rebuilding: counter({ name: 'shopgraph_read_model_rebuilding_misses_total', help: 'Shops read without a document whose document was lost or is being rebuilt (answered from the last known documents or SERVICE_UNAVAILABLE, never null)' }),
    /** Shops answered from memory while the read-model Redis was unreachable, or their document lost. */
    lastKnownServes: counter({ name: 'shopgraph_read_model_last_known_serves_total', help: 'Shops answered from the last known documents while the read model was unreachable or their document lost' }),
    /** Shops refused because the read model was unreachable (or their document lost) and no last known document was fresh. */
    unavailable: counter({ name: 'shopgraph_read_model_unavailable_total', help: 'Shops refused with SERVICE_UNAVAILABLE: read model unreachable, no recent last known document' }),
  };
}
