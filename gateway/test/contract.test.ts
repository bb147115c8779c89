import { existsSync, readFileSync } from 'node:fs';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';

const vendored = new URL('../contract/public-api.graphql', import.meta.url);
const shared = new URL('../../../shared/contract/public-api.graphql', import.meta.url);
const vendoredLive = new URL('../contract/live-updates.graphql', import.meta.url);
const sharedLive = new URL('../../../shared/contract/live-updates.graphql', import.meta.url);
const vendoredAds = new URL('../contract/ads.graphql', import.meta.url);
const sharedAds = new URL('../../../shared/contract/ads.graphql', import.meta.url);
const supergraph = new URL('../supergraph.graphql', import.meta.url);

const contractSdl = readFileSync(vendored, 'utf8');
// live-updates.graphql extends the base contract (it adds the Subscription type).
const liveSdl = readFileSync(vendoredLive, 'utf8');
// Printed and rebuilt: federation-internals loads graphql as CommonJS, this file as ESM.
const apiSchema = buildSchema(printSchema(Supergraph.build(readFileSync(supergraph, 'utf8')).apiSchema()));

describe('the public API', () => {
  it('is a copy of the product owner contract', () => {
    // CI lays shared/ beside the checkout; the vendored copy must not drift from it.
    if (existsSync(shared)) expect(contractSdl).toBe(readFileSync(shared, 'utf8'));
    if (existsSync(sharedLive)) expect(liveSdl).toBe(readFileSync(sharedLive, 'utf8'));
    if (existsSync(sharedAds)) expect(readFileSync(vendoredAds, 'utf8')).toBe(readFileSync(sharedAds, 'utf8'));
  });

  it('has no breaking change against the contract', () => {
    expect(findBreakingChanges(buildSchema(contractSdl), apiSchema)).toEqual([]);
  });

  it('has no breaking change against the contract with its live-updates extension', () => {
    const extended = buildSchema(`${contractSdl}\n${liveSdl}`);
    expect(extended.getSubscriptionType()?.getFields().shopPublished).toBeDefined();
    expect(findBreakingChanges(extended, apiSchema)).toEqual([]);
  });

  it('has no breaking change against the contract with its ads extension', () => {
    const extended = buildSchema(`${contractSdl}\n${readFileSync(vendoredAds, 'utf8')}`);
    expect(extended.getQueryType()?.getFields().sponsoredShops).toBeDefined();
    expect(extended.getMutationType()?.getFields().recordAdClick).toBeDefined();
    expect(findBreakingChanges(extended, apiSchema)).toEqual([]);
  });

  it('hides the internal query APIs', () => {
    const fields = Object.keys(apiSchema.getQueryType()!.getFields());
    expect(fields).not.toContain('shopSnapshot');
    expect(fields).not.toContain('ownerSnapshot');
    expect(fields).not.toContain('reviewSummary');
    expect(fields).not.toContain('shopIdsByOwner');
    expect(fields).not.toContain('adShopSnapshots');
    expect(fields).not.toContain('adShopIds');
    expect(fields).not.toContain('shopVersions');
    expect(fields).not.toContain('reviewCounts');
    expect(apiSchema.getType('ShopSnapshot')).toBeUndefined();
    expect(apiSchema.getType('ShopVersion')).toBeUndefined();
    expect(apiSchema.getType('AdShopSnapshot')).toBeUndefined();
  });
});
