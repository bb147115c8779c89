// `npm run reindex`: rebuilds the whole search index from the shop subgraph.
import { createPrisma } from '@shopgraph/db/create-prisma';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import { loadConfig } from './config.js';
import { createSearchIndex } from './search-index.js';
import { createShopSource } from '@shopgraph/shop-copy/shop-source';

const config = loadConfig();
const prisma = createPrisma({ databaseUrl: config.databaseUrl });
const index = createSearchIndex(prisma, createShopSource({ url: config.shopUrl, service: 'search', identity: createIdentityCodec({ services: config.serviceTokenSecret }) }));
const started = performance.now();
const result = await index.rebuild((indexed) => process.stdout.write(`\rreindex: ${indexed} shops indexed`));
console.log(`\nreindex: ${result.indexed} shops indexed, ${result.removed} stale rows re-checked in ${((performance.now() - started) / 1000).toFixed(1)} s`);
await prisma.$disconnect();
