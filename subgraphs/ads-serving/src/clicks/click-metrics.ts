import { counter } from '@shopgraph/telemetry/metrics';

/** What the serving subgraph counts of clicks. */
export function clickMetrics() {
  return {
    clicks: counter({ name: 'shopgraph_ads_clicks_total', help: 'Clicks on sponsored slots counted and charged' }),
    charged: counter({ name: 'shopgraph_ads_charged_krw_total', help: 'KRW charged to campaigns for clicks' }),
    refused: counter({
      name: 'shopgraph_ads_refused_clicks_total',
      help: 'recordAdClick calls that charged nothing, by reason (forged, expired, counted, closed, over-budget, unknown, rebuilding)',
      labelNames: ['reason'],
    }),
  };
}
