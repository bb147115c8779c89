import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { reviewSummaries, reviewSummary } from '../src/review-summary.js';

let db: TestDatabase;
let prisma: PrismaClient;
let writer: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase('review-summary');
  prisma = createPrisma({ databaseUrl: db.url });
  writer = createPrisma({ databaseUrl: db.url });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await writer?.$disconnect();
  await db?.drop();
});

// The projector versions a shop's reviews by their count: a summary whose count and newest
// reviews come from two moments is stored as that count's state, and the true one, read later
// with the same count, is then taken for no newer (CI, 2026-12-05: count 2, one review shown).
it('reads a shop\'s count, average and newest reviews at one moment while reviews are being written', async () => {
  const shops = Array.from({ length: 100 }, (_, i) => 1_000 + i);
  let writing = true;
  const writes = (async () => {
    for (const shopId of shops) {
      for (const rating of [5, 3, 4]) await writer.review.create({ data: { shopId, rating, text: '맛있어요', author: '손님' } });
    }
    writing = false;
  })();
  const mixed: string[] = [];
  while (writing) {
    const summaries = [...(await reviewSummaries(prisma, shops.map(String))), await reviewSummary(prisma, shops[Math.floor(Math.random() * shops.length)]!)];
    for (const summary of summaries) {
      // Three reviews at most per shop here: every one of them is among the newest three.
      const ratings = summary.recent.map((review) => review.rating);
      const average = ratings.length === 0 ? 0 : Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100;
      if (ratings.length !== summary.count || average !== summary.average) mixed.push(`shop ${summary.shopId}: count ${summary.count}, average ${summary.average}, newest ${ratings.join(',')}`);
    }
  }
  await writes;
  expect(mixed).toEqual([]);
  const [done] = await reviewSummaries(prisma, [String(shops[0])]);
  expect(done).toMatchObject({ count: 3, average: 4 });
  expect(done!.recent.map((review) => review.rating)).toEqual([4, 3, 5]);
});
