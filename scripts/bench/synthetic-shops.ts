import type pg from 'pg';
import type { Rebuilder } from '@shopgraph/display-subgraph/recovery/rebuild';

/** Synthetic shops get ids from here up, so they never collide with real or demo shops. */
export const SYNTHETIC_FROM = 80_000_001;
/** They belong to the first demo owner, so the lag run can update them through the public API. */
export const SYNTHETIC_OWNER_EMAIL = 'kim@shopgraph.dev';

/**
 * Adds synthetic shops `[from, to)` (counted from SYNTHETIC_FROM) with full menus (8 items
 * with descriptions) straight into the shop schema. They are not projected: the caller
 * rebuilds their documents.
 */
export async function addSyntheticShops(db: pg.Client, from: number, to: number): Promise<void> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM "owner"."owner" WHERE email = $1', [SYNTHETIC_OWNER_EMAIL]);
  if (!rows[0]) throw new Error(`No owner ${SYNTHETIC_OWNER_EMAIL}: start the stack with \`npm start\` (it loads demo data) first.`);
  await db.query(
    `INSERT INTO "shop"."shop" (id, owner_id, name, category, phone, address, status, min_order_amount, delivery_tip, opening_hours, notice, version)
     SELECT $1 + g, $2, '벤치 가게 ' || g, 'CHICKEN', '02-123-4567', '서울 강남구 역삼로 ' || g, 'OPEN', 15000, 3000,
            '[{"day":"MON","opens":"11:00","closes":"22:00"},{"day":"TUE","opens":"11:00","closes":"22:00"}]'::jsonb, '공지사항입니다', 1
     FROM generate_series($3::int, $4::int - 1) g`,
    [SYNTHETIC_FROM, rows[0].id, from, to],
  );
  await db.query(
    `INSERT INTO "shop"."menu_item" (shop_id, name, description, price, popular)
     SELECT $1 + g, '메뉴 ' || m, '맛있는 메뉴 설명 ' || m, 10000 + m * 1000, m = 1
     FROM generate_series($2::int, $3::int - 1) g, generate_series(1, 8) m`,
    [SYNTHETIC_FROM, from, to],
  );
  await db.query('ANALYZE "shop"."shop"; ANALYZE "shop"."menu_item"');
}

/**
 * Deletes every synthetic shop from the command side, then their documents (unknown to the
 * command side now, the rebuild removes them). Returns how many there were.
 */
export async function removeSyntheticShops(db: pg.Client, rebuilder: Rebuilder): Promise<number> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM "shop"."shop" WHERE id >= $1', [SYNTHETIC_FROM]);
  await db.query('DELETE FROM "shop"."menu_item" WHERE shop_id >= $1', [SYNTHETIC_FROM]);
  await db.query('DELETE FROM "shop"."promotion" WHERE shop_id >= $1', [SYNTHETIC_FROM]);
  await db.query('DELETE FROM "shop"."shop" WHERE id >= $1', [SYNTHETIC_FROM]);
  if (rows.length > 0) await rebuilder.rebuildIds(rows.map((row) => String(row.id)));
  return rows.length;
}
