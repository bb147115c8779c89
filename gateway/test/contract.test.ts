import { existsSync, readFileSync } from 'node:fs';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema, findBreakingChanges, Kind, parse, print, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';

const vendored = new URL('../contract/public-api.graphql', import.meta.url);
const shared = new URL('../../../shared/contract/public-api.graphql', import.meta.url);
const supergraph = new URL('../supergraph.graphql', import.meta.url);

/** Search is built in a later issue: these parts of the contract are not served yet. */
const SEARCH_TYPES = new Set(['ShopConnection', 'ShopEdge', 'PageInfo', 'ShopSearchInput']);
const SEARCH_FIELDS = new Set(['searchShops']);

function withoutSearch(contract: DocumentNode): DocumentNode {
  return {
    ...contract,
    definitions: contract.definitions
      .filter((d) => !('name' in d && d.name && SEARCH_TYPES.has(d.name.value)))
      .map((d) =>
        d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query'
          ? { ...d, fields: d.fields?.filter((f) => !SEARCH_FIELDS.has(f.name.value)) }
          : d,
      ),
  };
}

const contractSdl = readFileSync(vendored, 'utf8');
// Printed and rebuilt: federation-internals loads graphql as CommonJS, this file as ESM.
const apiSchema = buildSchema(printSchema(Supergraph.build(readFileSync(supergraph, 'utf8')).apiSchema()));

describe('the public API', () => {
  it('is a copy of the product owner contract', () => {
    // CI lays shared/ beside the checkout; the vendored copy must not drift from it.
    if (existsSync(shared)) expect(contractSdl).toBe(readFileSync(shared, 'utf8'));
  });

  it('has no breaking change against the contract, search excepted', () => {
    const contract = buildSchema(print(withoutSearch(parse(contractSdl))));
    expect(findBreakingChanges(contract, apiSchema)).toEqual([]);
  });

  it('misses nothing of the contract but search', () => {
    const missing = findBreakingChanges(buildSchema(contractSdl), apiSchema).map((change) => change.description);
    for (const description of missing) {
      expect(description).toMatch(/searchShops|ShopConnection|ShopEdge|PageInfo|ShopSearchInput/);
    }
  });

  it('hides the internal query APIs', () => {
    const fields = Object.keys(apiSchema.getQueryType()!.getFields());
    expect(fields).not.toContain('shopSnapshot');
    expect(fields).not.toContain('ownerSnapshot');
    expect(fields).not.toContain('reviewSummary');
    expect(fields).not.toContain('shopIdsByOwner');
    expect(apiSchema.getType('ShopSnapshot')).toBeUndefined();
  });
});
