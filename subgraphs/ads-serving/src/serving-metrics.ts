import { counter } from '@shopgraph/telemetry/metrics';

/** What the serving subgraph counts: slates served and the impressions they made. */
export function servingMetrics() {
  return {
    slates: counter({ name: 'shopgraph_ads_slates_total', help: 'sponsoredShops answers served, by whether they were for a category listing', labelNames: ['listing'] }),
    impressions: counter({ name: 'shopgraph_ads_impressions_total', help: 'Sponsored slots served (each one an impression counted against its campaign)' }),
    emptySlots: counter({ name: 'shopgraph_ads_unfilled_slots_total', help: 'Slots asked for (first) that no serving campaign filled' }),
  };
}
