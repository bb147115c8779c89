import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig as loadAdsServingConfig } from '@shopgraph/ads-serving-subgraph';
import { loadConfig as loadAdsConfig } from '@shopgraph/ads-subgraph';
import { loadConfig as loadDisplayConfig } from '@shopgraph/display-subgraph';
import { loadConfig as loadGatewayConfig } from '@shopgraph/gateway/config';
import * as sharedEnv from '@shopgraph/config/env';
import { queueEnv } from '@shopgraph/events/queue-settings';
import { metricsEnabled } from '@shopgraph/telemetry/metrics';
import { tracingEnabled } from '@shopgraph/telemetry/tracing';
import { loadConfig as loadOwnerConfig } from '@shopgraph/owner-subgraph';
import { loadProjectorConfig } from '@shopgraph/projector';
import { readModelEnv } from '@shopgraph/read-model';
import { loadConfig as loadReviewConfig } from '@shopgraph/review-subgraph';
import { loadConfig as loadSearchConfig } from '@shopgraph/search-subgraph';
import { loadConfig as loadShopConfig } from '@shopgraph/shop-subgraph';

const doc = readFileSync(fileURLToPath(new URL('../../docs/configuration.md', import.meta.url)), 'utf8');

/**
 * Every name a loader looks up in the environment it is given, recorded by the environment
 * itself: what the services really read, not a second list kept by hand.
 */
function namesRead(load: (env: NodeJS.ProcessEnv) => unknown): string[] {
  const read = new Set<string>();
  const record = (name: string | symbol) => typeof name === 'string' && read.add(name);
  load(
    new Proxy({} as NodeJS.ProcessEnv, {
      get: (_, name) => (record(name), undefined),
      has: (_, name) => (record(name), false),
    }),
  );
  return [...read].sort();
}

const services = {
  gateway: namesRead(loadGatewayConfig),
  projector: namesRead(loadProjectorConfig),
  owner: namesRead(loadOwnerConfig),
  shop: namesRead(loadShopConfig),
  review: namesRead(loadReviewConfig),
  display: namesRead(loadDisplayConfig),
  search: namesRead(loadSearchConfig),
  ads: namesRead(loadAdsConfig),
  adsServing: namesRead(loadAdsServingConfig),
  // Read by every service outside its config: the metrics and tracing switches (@shopgraph/telemetry).
  observability: [...namesRead(metricsEnabled), ...namesRead(tracingEnabled)],
};

/** The keys of every env shape @shopgraph/config exports (commonEnv, subgraphEnv, …, retiredEnv), the queues' and the read model's. */
const sharedShapes = [...Object.values(sharedEnv).filter((value) => typeof value === 'object' && value !== null), queueEnv, readModelEnv].flatMap((shape) => Object.keys(shape));

describe('docs/configuration.md', () => {
  it('names every variable a service reads, in backticks', () => {
    for (const [service, names] of Object.entries(services)) {
      expect(names.length, service).toBeGreaterThan(0);
      expect(
        names.filter((name) => !doc.includes(`\`${name}\``)),
        `read by ${service} but missing from docs/configuration.md`,
      ).toEqual([]);
    }
  });

  it('names every variable of the shared env shapes, the retired ones included', () => {
    expect(sharedShapes.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });
});

describe('Variables that say who reads them', () => {
  it('the gateway and the projector parse none of the subgraphs’ shell variables', () => {
    const shell = Object.keys(sharedEnv.subgraphEnv);
    expect(services.gateway.filter((name) => shell.includes(name))).toEqual([]);
    expect(services.projector.filter((name) => shell.includes(name))).toEqual([]);
    for (const subgraph of [services.owner, services.shop, services.review, services.display, services.search, services.ads, services.adsServing]) expect(subgraph).toEqual(expect.arrayContaining(shell));
  });

  it('a retired variable stops every service at start-up, naming what replaces it', () => {
    for (const load of [loadGatewayConfig, loadProjectorConfig, loadShopConfig, loadDisplayConfig]) {
      expect(() => load({ MAX_IN_FLIGHT: '64' })).toThrow(/MAX_IN_FLIGHT is no longer read: set SUBGRAPH_MAX_IN_FLIGHT \(subgraphs\) or GATEWAY_MAX_IN_FLIGHT \(gateway\)/);
      expect(() => load({ SHED_EVENT_LOOP_DELAY_MS: '0' })).toThrow(/SHED_EVENT_LOOP_DELAY_MS is no longer read/);
    }
  });

  it('throttle counts have a prefix of their own, apart from the read model’s', () => {
    const config = loadGatewayConfig({ READ_MODEL_PREFIX: 'reads', THROTTLE_PREFIX: 'counts' });
    expect(config.throttles?.prefix).toBe('counts');
    expect(config.responseCache?.prefix).toBe('reads');
    expect(loadGatewayConfig({}).throttles?.prefix).toBe('shopgraph');
  });
});
