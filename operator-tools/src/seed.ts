/**
 * Loads the demo data through the public API (the gateway), so that every change
 * travels the real path: mutation → outbox → queue → projector → read model.
 * Does nothing when the database already has owners.
 *
 *   npm run seed            (against the running stack; GATEWAY_URL, DATABASE_URL: docs/configuration.md)
 */
import pg from 'pg';
import { databaseEnv, parseEnv, url } from '@shopgraph/config/env';
import { CAMPAIGNS, OWNERS, SHOPS, openingHoursFor } from './demo-data.ts';
import { graphql, GraphQLCallError } from './graphql-client.ts';

// GATEWAY_URL: the seed container reaches the gateway by its service name (docker-compose.yml).
const { GATEWAY_URL, DATABASE_URL } = parseEnv({ ...databaseEnv, GATEWAY_URL: url('http://127.0.0.1:4000/graphql') });

async function count(table: string): Promise<number> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM ${table}`);
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

/**
 * The review system learns of a new shop from its shop.created event, so a review
 * written right after creation may come before it: retry NOT_FOUND for a while. Reviews
 * from one address are throttled (production: 10 a minute), so a throttled review waits
 * as long as the gateway says and is sent again.
 */
async function writeReviewOnceKnown(variables: { shopId: string; input: object }): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await graphql(
        GATEWAY_URL,
        'mutation Review($shopId: ID!, $input: ReviewInput!) { writeReview(shopId: $shopId, input: $input) { id } }',
        variables,
      );
      return;
    } catch (error) {
      if (error instanceof GraphQLCallError && error.code === 'TOO_MANY_REQUESTS') {
        const seconds = error.retryAfterSeconds ?? 10;
        console.log(`seed: reviews throttled; waiting ${seconds} s as the gateway asks`);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      if (!String(error).includes('NOT_FOUND') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function seed(): Promise<void> {
  if ((await count('"owner"."owner"')) > 0) {
    console.log('seed: the database already has data; nothing to do');
    if ((await count('"search"."shop_index"')) === 0 && (await count('"shop"."shop"')) > 0) {
      console.log('seed: the search index is empty (a database from before search): run `npm run reindex`');
    }
    return;
  }
  const tokens: string[] = [];
  for (const owner of OWNERS) {
    const { signUp } = await graphql<{ signUp: { token: string } }>(
      GATEWAY_URL,
      'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token } }',
      { input: owner },
    );
    tokens.push(signUp.token);
  }
  const now = Date.now();
  const reviews: { shopId: string; input: { rating: number; text: string; author: string } }[] = [];
  for (const [index, shop] of SHOPS.entries()) {
    const token = tokens[index % tokens.length]!;
    const { createShop } = await graphql<{ createShop: { id: string } }>(
      GATEWAY_URL,
      'mutation Create($input: CreateShopInput!) { createShop(input: $input) { id } }',
      {
        input: {
          name: shop.name,
          category: shop.category,
          description: shop.description,
          phone: `02-${String(500 + index).padStart(3, '0')}-${String(1000 + index * 7).padStart(4, '0')}`,
          address: shop.address,
          minOrderAmount: shop.minOrderAmount,
          deliveryTip: shop.deliveryTip,
          openingHours: openingHoursFor(shop.category),
          notice: shop.notice ?? null,
        },
      },
      token,
    );
    const shopId = createShop.id;
    for (const [name, price, popular] of shop.menu) {
      await graphql(
        GATEWAY_URL,
        'mutation Add($shopId: ID!, $input: MenuItemInput!) { addMenuItem(shopId: $shopId, input: $input) { id } }',
        { shopId, input: { name, price, popular: popular ?? false } },
        token,
      );
    }
    if (shop.promotion) {
      await graphql(
        GATEWAY_URL,
        'mutation Promote($shopId: ID!, $input: PromotionInput!) { addPromotion(shopId: $shopId, input: $input) { id } }',
        {
          shopId,
          input: {
            title: shop.promotion,
            startsAt: new Date(now - 3600_000).toISOString(),
            endsAt: new Date(now + 30 * 24 * 3600_000).toISOString(),
          },
        },
        token,
      );
    }
    if (shop.open) {
      await graphql(GATEWAY_URL, 'mutation Open($id: ID!) { setShopStatus(id: $id, status: OPEN) { id } }', { id: shopId }, token);
    }
    const campaign = CAMPAIGNS[shop.name];
    if (campaign) {
      await graphql(GATEWAY_URL, 'mutation Advertise($shopId: ID!, $input: AdCampaignInput!) { createAdCampaign(shopId: $shopId, input: $input) { id } }', { shopId, input: campaign }, token);
    }
    reviews.push(...shop.reviews.map(([rating, text, author]) => ({ shopId, input: { rating, text, author } })));
  }
  for (const review of reviews) {
    await writeReviewOnceKnown(review);
  }
  console.log(`seed: ${OWNERS.length} owners, ${SHOPS.length} shops and ${Object.keys(CAMPAIGNS).length} ad campaigns created (log in as ${OWNERS[0]!.email} / ${OWNERS[0]!.password})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await seed();
}
