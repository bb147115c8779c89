#!/usr/bin/env node
// Composes the supergraph from the subgraphs' SDL files (not by introspecting running
// services), so the gateway boots even when a subgraph is down. Fails the build on
// any composition error.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

const require = createRequire(import.meta.url);

/** Subgraph name → package; the URL is the development default (the gateway's config overrides it). */
export const SUBGRAPHS = [
  { name: 'owner', pkg: '@shopgraph/owner-subgraph', url: 'http://127.0.0.1:4001/graphql' },
  { name: 'shop', pkg: '@shopgraph/shop-subgraph', url: 'http://127.0.0.1:4002/graphql' },
  { name: 'review', pkg: '@shopgraph/review-subgraph', url: 'http://127.0.0.1:4003/graphql' },
  { name: 'display', pkg: '@shopgraph/display-subgraph', url: 'http://127.0.0.1:4004/graphql' },
  { name: 'search', pkg: '@shopgraph/search-subgraph', url: 'http://127.0.0.1:4006/graphql' },
  { name: 'ads', pkg: '@shopgraph/ads-subgraph', url: 'http://127.0.0.1:4007/graphql' },
  { name: 'ads-serving', pkg: '@shopgraph/ads-serving-subgraph', url: 'http://127.0.0.1:4008/graphql' },
];

export function compose() {
  const result = composeServices(
    SUBGRAPHS.map(({ name, pkg, url }) => ({
      name,
      url,
      typeDefs: parse(readFileSync(require.resolve(`${pkg}/schema.graphql`), 'utf8')),
    })),
  );
  if (result.errors?.length) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = new URL('../supergraph.graphql', import.meta.url);
  writeFileSync(target, compose());
  console.log(`supergraph composed from ${SUBGRAPHS.length} subgraphs -> ${target.pathname}`);
}
