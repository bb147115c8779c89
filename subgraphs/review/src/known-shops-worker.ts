import type { PrismaClient } from '@shopgraph/db/create-prisma';
import { REVIEW_SHOPS } from '@shopgraph/events/consumers';
import { startConsumer, type ConsumerDeps } from '@shopgraph/consumer-runtime/consumer';
import { recordKnownShops } from './known-shops.js';

export interface KnownShopsWorkerOptions extends Omit<ConsumerDeps, 'concurrency' | 'timing'> {
  prisma: PrismaClient;
}

/**
 * Keeps the review system's record of which shops exist from shop events (recordKnownShops);
 * what a lost event leaves wrong, the reconcile (reconcile-known-shops.ts) repairs.
 */
export function startKnownShopsWorker({ prisma, ...deps }: KnownShopsWorkerOptions) {
  return startConsumer(REVIEW_SHOPS, (event) => recordKnownShops(prisma, [Number(event.payload.shopId)], event.name === 'shop.deleted'), {
    ...deps,
    concurrency: 8,
  });
}
