import { Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { RECORDED_EVENTS, recordEvents, runRecordedChange, type ChangeContext } from '@shopgraph/command-runtime/recorded-change';
import type { CopiedShop, ShopCopy } from '@shopgraph/shop-copy/reconcile-shop-copy';
import type { ShopFacts, ShopSource } from '@shopgraph/shop-copy/shop-source';

const COPIED = { shopId: true, version: true, deleted: true } as const;
/** Shops per call to the shop subgraph (its limit). */
const BATCH = 500;

export interface KnownShopsOptions {
  prisma: PrismaClient;
  /** The shop subgraph's internal APIs, read as the `ads` service. */
  source: ShopSource;
  /** Hands a write's recorded events to the ads outbox relay. */
  eventsCommitted: ChangeContext['eventsCommitted'];
}

/**
 * The ads system's own record of shops (`ads.known_shop`): each shop's owner, category, status
 * and whether it was deleted, read from the shop system whenever a shop event arrives (the
 * events carry ids only). A write never puts an older shop version over a newer one, and when
 * what ads serves by changes for a shop with campaigns (its owner, category, status, deletion),
 * the same statement records `ad.shop.changed`, on which the serving store re-reads the shop.
 * It is the `ShopCopy` its reconcile compares with the shop system (reconcile-shop-copy.ts).
 */
export function createKnownShops({ prisma, source, eventsCommitted }: KnownShopsOptions) {
  async function record(shops: readonly ShopFacts[]): Promise<void> {
    const latest = new Map<string, ShopFacts>();
    for (const shop of shops) if ((latest.get(shop.id)?.version ?? -1) < shop.version) latest.set(shop.id, shop);
    if (latest.size === 0) return;
    const rows = [...latest.values()].map(
      (shop) => Prisma.sql`(${Number(shop.id)}::int, ${Number(shop.ownerId)}::int, ${shop.category}::text, ${shop.status}::text, ${shop.deleted}::boolean, ${shop.version}::int)`,
    );
    await runRecordedChange({ prisma, eventsCommitted }, Prisma.sql`
      WITH incoming (shop_id, owner_id, category, status, deleted, version) AS (VALUES ${Prisma.join(rows)}),
      previous AS (
        SELECT k.shop_id, k.owner_id, k.category, k.status, k.deleted FROM "ads"."known_shop" k JOIN incoming USING (shop_id)
      ), written AS (
        INSERT INTO "ads"."known_shop" (shop_id, owner_id, category, status, deleted, version, campaigns)
        SELECT shop_id, owner_id, category, status, deleted, version, (SELECT count(*) FROM "ads"."campaign" c WHERE c.shop_id = incoming.shop_id)::int
        FROM incoming
        ON CONFLICT (shop_id) DO UPDATE SET owner_id = excluded.owner_id, category = excluded.category, status = excluded.status,
          deleted = excluded.deleted, version = excluded.version, updated_at = now()
        WHERE "known_shop".version < excluded.version
        RETURNING shop_id, owner_id, category, status, deleted
      ), changed AS (
        SELECT w.shop_id AS id FROM written w LEFT JOIN previous p USING (shop_id)
        WHERE (p.owner_id, p.category, p.status, p.deleted) IS DISTINCT FROM (w.owner_id, w.category, w.status, w.deleted)
          AND EXISTS (SELECT 1 FROM "ads"."campaign" c WHERE c.shop_id = w.shop_id)
      ), recorded AS (
        ${recordEvents('ads', 'ad.shop.changed', Prisma.sql`jsonb_build_object('shopId', id::text)`, Prisma.sql`changed`)}
      )
      SELECT count(*)::int AS changed, ${RECORDED_EVENTS} FROM changed`);
  }

  /** Reads these shops from the shop system and records them; a shop that never existed is left out. */
  async function copy(shopIds: string[]): Promise<void> {
    for (let i = 0; i < shopIds.length; i += BATCH) {
      const facts = await source.shopSnapshots(shopIds.slice(i, i + BATCH));
      await record(facts.filter((shop): shop is ShopFacts => shop !== null));
    }
  }

  const knownShops: ShopCopy & { learn(shopId: number): Promise<void> } = {
    copy,
    rowsBetween: (after, upTo): Promise<CopiedShop[]> => prisma.adKnownShop.findMany({ where: { shopId: { gt: after, lte: upTo } }, select: COPIED }),
    liveRowsAfter: (after): Promise<CopiedShop[]> => prisma.adKnownShop.findMany({ where: { shopId: { gt: after }, deleted: false }, select: COPIED }),
    /**
     * Asks the shop system about a shop ads has not heard of yet: an owner may create a shop
     * and its first campaign in the same minute, before the shop's event has arrived.
     */
    learn: (shopId) => copy([String(shopId)]),
  };
  return knownShops;
}

export type KnownShops = ReturnType<typeof createKnownShops>;
