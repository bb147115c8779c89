/**
 * Benchmark baseline: the architecture the seed moved away from. A plain Apollo Server
 * answering the same `Shop` shape straight from the command side's PostgreSQL tables,
 * with one SQL query per request (json_agg, indexed foreign keys).
 *
 *   DATABASE_URL=… tsx bench/src/baselines/monolith.ts [--port 4101]
 */
import '../exit-with-bench.ts';
import { parseArgs } from 'node:util';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import pg from 'pg';
import { databaseEnv, parseEnv } from '@shopgraph/config/env';

const pool = new pg.Pool({ connectionString: parseEnv(databaseEnv).DATABASE_URL, max: 16 });

const typeDefs = /* GraphQL */ `
  type OpeningHours { day: String! opens: String! closes: String! }
  type MenuItem { id: ID! name: String! description: String price: Int! soldOut: Boolean! popular: Boolean! }
  type Promotion { id: ID! title: String! description: String startsAt: String! endsAt: String! }
  type Rating { average: Float! count: Int! }
  type Review { id: ID! shopId: ID! rating: Int! text: String! author: String! createdAt: String! }
  type Shop {
    id: ID! name: String! category: String! description: String phone: String! address: String! status: String!
    minOrderAmount: Int! deliveryTip: Int! openingHours: [OpeningHours!]! notice: String ownerName: String!
    menu: [MenuItem!]! promotions: [Promotion!]! rating: Rating! recentReviews: [Review!]!
    sourceVersion: Int! updatedAt: String! projectedAt: String!
  }
  type Query { shop(id: ID!): Shop shops(ids: [ID!]!): [Shop]! }
`;

// One round trip: the shop, its owner's name, menu, running promotions, rating and newest reviews.
const SQL = `
  SELECT json_build_object(
    'id', s.id::text, 'name', s.name, 'category', s.category, 'description', s.description, 'phone', s.phone,
    'address', s.address, 'status', s.status, 'minOrderAmount', s.min_order_amount, 'deliveryTip', s.delivery_tip,
    'openingHours', s.opening_hours, 'notice', s.notice, 'ownerName', o.name, 'sourceVersion', s.version,
    'updatedAt', s.updated_at, 'projectedAt', now(),
    'menu', (SELECT coalesce(json_agg(json_build_object('id', m.id::text, 'name', m.name, 'description', m.description,
               'price', m.price, 'soldOut', m.sold_out, 'popular', m.popular) ORDER BY m.id), '[]') FROM "shop"."menu_item" m WHERE m.shop_id = s.id),
    'promotions', (SELECT coalesce(json_agg(json_build_object('id', p.id::text, 'title', p.title, 'description', p.description,
               'startsAt', p.starts_at, 'endsAt', p.ends_at) ORDER BY p.starts_at), '[]')
               FROM "shop"."promotion" p WHERE p.shop_id = s.id AND p.starts_at <= now() AND p.ends_at > now()),
    'rating', (SELECT json_build_object('average', coalesce(round(avg(r.rating)::numeric, 2), 0), 'count', count(*)) FROM "review"."review" r WHERE r.shop_id = s.id),
    'recentReviews', (SELECT coalesce(json_agg(newest.x ORDER BY newest.id DESC), '[]') FROM (
               SELECT r.id, json_build_object('id', r.id::text, 'shopId', r.shop_id::text, 'rating', r.rating, 'text', r.text,
                 'author', r.author, 'createdAt', r.created_at) AS x FROM "review"."review" r WHERE r.shop_id = s.id ORDER BY r.id DESC LIMIT 3) newest)
  ) AS shop
  FROM "shop"."shop" s JOIN "owner"."owner" o ON o.id = s.owner_id
  WHERE s.id = ANY($1::int[]) AND s.deleted_at IS NULL`;

async function load(ids: string[]) {
  const numeric = ids.filter((id) => /^\d{1,9}$/.test(id)).map(Number);
  // A named (prepared) statement: planning this query costs more than running it.
  const { rows } = await pool.query<{ shop: { id: string } }>({ name: 'shops-by-id', text: SQL, values: [numeric] });
  const byId = new Map(rows.map(({ shop }) => [shop.id, shop]));
  return ids.map((id) => byId.get(id) ?? null);
}

const server = new ApolloServer({
  typeDefs,
  resolvers: { Query: { shop: async (_: unknown, { id }: { id: string }) => (await load([id]))[0], shops: (_: unknown, { ids }: { ids: string[] }) => load(ids) } },
});
/** `--port`, default 4101: where `npm run bench` expects the baseline. */
const port = Number(parseArgs({ options: { port: { type: 'string', default: '4101' } } }).values.port);
const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
console.log(`monolith baseline at ${url}`);
