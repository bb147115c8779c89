import type pg from 'pg';
import type { Rebuilder } from '@shopgraph/projector';

/** Synthetic shops get ids from here up, so they never collide with real or demo shops. */
export const SYNTHETIC_FROM = 80_000_001;
/** Shop g of the synthetic range belongs to owner g % BENCH_OWNERS (see addSyntheticShops). */
export const ownerIndexOf = (shopId: string) => (Number(shopId) - SYNTHETIC_FROM) % BENCH_OWNERS;
/** Their owners, signed up through the public API by `benchOwners`, so the write runs can update them as owners do. */
export const BENCH_OWNERS = 5;
const benchOwnerEmail = (n: number) => `bench-owner-${n}@shopgraph.dev`;
const BENCH_PASSWORD = 'bench-password';

/** The bench owners' ids and tokens, in order: logged in, or signed up the first time. */
export async function benchOwners(call: <T>(query: string, variables: Record<string, unknown>) => Promise<T>): Promise<{ id: string; token: string }[]> {
  const owners = [];
  for (let n = 1; n <= BENCH_OWNERS; n += 1) {
    const email = benchOwnerEmail(n);
    type Auth = { token: string; owner: { id: string } };
    const auth = await call<{ logIn: Auth }>('mutation BenchLogIn($e: String!, $p: String!) { logIn(email: $e, password: $p) { token owner { id } } }', { e: email, p: BENCH_PASSWORD })
      .then((data) => data.logIn)
      .catch(() =>
        call<{ signUp: Auth }>('mutation BenchSignUp($i: SignUpInput!) { signUp(input: $i) { token owner { id } } }', { i: { email, password: BENCH_PASSWORD, name: `벤치 사장 ${n}` } }).then(
          (data) => data.signUp,
        ),
      );
    owners.push({ id: auth.owner.id, token: auth.token });
  }
  return owners;
}

/**
 * Adds synthetic shops `[from, to)` (counted from SYNTHETIC_FROM) with full menus (8 items
 * with descriptions) straight into the shop schema, shop g belonging to `ownerIds[g % n]`.
 * They are not projected: the caller rebuilds their documents.
 */
export async function addSyntheticShops(db: pg.Client, from: number, to: number, ownerIds: readonly string[]): Promise<void> {
  await db.query(
    `INSERT INTO "shop"."shop" (id, owner_id, name, category, phone, address, status, min_order_amount, delivery_tip, opening_hours, notice, version)
     SELECT $1 + g, ($2::int[])[1 + g % cardinality($2::int[])], '벤치 가게 ' || g, 'CHICKEN', '02-123-4567', '서울 강남구 역삼로 ' || g, 'OPEN', 15000, 3000,
            '[{"day":"MON","opens":"11:00","closes":"22:00"},{"day":"TUE","opens":"11:00","closes":"22:00"}]'::jsonb, '공지사항입니다', 1
     FROM generate_series($3::int, $4::int - 1) g`,
    [SYNTHETIC_FROM, ownerIds.map(Number), from, to],
  );
  await db.query(
    `INSERT INTO "shop"."menu_item" (shop_id, name, description, price, popular)
     SELECT $1 + g, '메뉴 ' || m, '맛있는 메뉴 설명 ' || m, 10000 + m * 1000, m = 1
     FROM generate_series($2::int, $3::int - 1) g, generate_series(1, 8) m`,
    [SYNTHETIC_FROM, from, to],
  );
  await vacuumShopTables(db);
}

/**
 * VACUUM (ANALYZE) of the tables the bench fills and empties by the hundred thousand rows.
 * Without it (autovacuum is off on these machines' PostgreSQL, and may lag anywhere) dead rows
 * pile up run after run, and PostgreSQL's CPU per update grew from ~2 ms to 11–14 ms within one
 * afternoon of runs, which the write figures then measured instead of the stack.
 */
export async function vacuumShopTables(db: pg.Client): Promise<void> {
  await db.query('VACUUM (ANALYZE) "shop"."shop", "shop"."menu_item", "shop"."promotion", "shop"."outbox", "search"."shop_index"');
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
  // The ads bench's campaigns of them (paused by then, so out of every slate) and the ads system's record of them.
  await db.query('DELETE FROM "ads"."click" WHERE campaign_id IN (SELECT id FROM "ads"."campaign" WHERE shop_id >= $1)', [SYNTHETIC_FROM]);
  await db.query('DELETE FROM "ads"."campaign_day" WHERE campaign_id IN (SELECT id FROM "ads"."campaign" WHERE shop_id >= $1)', [SYNTHETIC_FROM]);
  await db.query('DELETE FROM "ads"."campaign" WHERE shop_id >= $1', [SYNTHETIC_FROM]);
  await db.query('DELETE FROM "ads"."known_shop" WHERE shop_id >= $1', [SYNTHETIC_FROM]);
  if (rows.length > 0) await rebuilder.rebuildIds(rows.map((row) => String(row.id)));
  await vacuumShopTables(db);
  return rows.length;
}
