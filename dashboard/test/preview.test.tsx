import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { waitFor } from '@shopgraph/testing/wait-for';
import { aManagedShop, aMenuItem, me, renderDashboard } from './support/render-dashboard';
import type { StreamMode } from './support/fake-gateway';

afterEach(cleanup);

function aPublishedShop(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Shop', id: 'shop-1', name: 'Kimbap Heaven', status: 'OPEN', description: null, notice: 'Closed on holidays', address: 'Seoul',
    minOrderAmount: 12000, deliveryTip: 3000, sourceVersion: 4,
    rating: { __typename: 'Rating', average: 4.5, count: 2 },
    menu: [aMenuItem({ name: 'Tuna kimbap', price: 4500, popular: true })],
    promotions: [{ __typename: 'Promotion', id: 'promo-1', title: 'Free delivery', description: 'over ₩20,000' }],
    recentReviews: [{ __typename: 'Review', id: 'r1', rating: 5, text: 'Crispy!', author: 'Minji' }],
    ...overrides,
  };
}

async function openPreview(answer: unknown, streams: StreamMode = 'open') {
  const rendered = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([aManagedShop()]), ShopPreview: { data: { shop: answer } } } });
  rendered.gateway.streamMode(streams);
  await rendered.user.click(await screen.findByRole('button', { name: 'Preview Kimbap Heaven' }));
  return rendered;
}

describe('customer preview', () => {
  it('shows the published shop: its menu, running promotions, rating and recent reviews, and the version it was built from', async () => {
    const { gateway } = await openPreview(aPublishedShop());

    const shop = await screen.findByRole('article', { name: 'Kimbap Heaven' });
    expect(screen.getByRole('heading', { name: 'Kimbap Heaven as customers see it' })).toBeTruthy();
    expect(within(within(shop).getByRole('region', { name: 'Menu' })).getByRole('listitem').textContent).toBe('Tuna kimbap ₩4,500 · Popular');
    expect(within(within(shop).getByRole('region', { name: 'Promotions' })).getByRole('listitem').textContent).toBe('Free delivery: over ₩20,000');
    expect(within(within(shop).getByRole('region', { name: 'Recent reviews' })).getByRole('listitem').textContent).toBe('★★★★★ Crispy! — Minji');
    expect(shop.textContent).toContain('★ 4.5 (2 reviews)');
    expect(shop.textContent).toContain('Built from version 4.');
    expect(gateway.requests.find((r) => r.operationName === 'ShopPreview')?.variables).toEqual({ id: 'shop-1' });
  });

  it('a shop the read model has not built yet says so, and Refresh asks again', async () => {
    const { user, gateway } = await openPreview(null);
    expect(await screen.findByText(/Customers do not see this shop yet/)).toBeTruthy();

    gateway.answer('ShopPreview', { data: { shop: aPublishedShop() } });
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByRole('article', { name: 'Kimbap Heaven' })).toBeTruthy();
  });

  it('updates live: each view the stream pushes replaces the one shown', async () => {
    const { gateway } = await openPreview(aPublishedShop());
    const menu = async () => within(within(await screen.findByRole('article', { name: 'Kimbap Heaven' })).getByRole('region', { name: 'Menu' })).getAllByRole('listitem');
    expect(await menu()).toHaveLength(1);
    const stream = await waitFor(() => gateway.streams.find((s) => s.operationName === 'ShopPreviewLive'), { what: 'the preview stream' });
    expect(stream.variables).toEqual({ id: 'shop-1' });

    stream.push({ shopPublished: aPublishedShop({ sourceVersion: 5, menu: [aMenuItem({ name: 'Tuna kimbap', price: 4500 }), aMenuItem({ id: 'item-2', name: 'Cheese kimbap', price: 5000, soldOut: true })] }) });
    expect(await screen.findByText('Built from version 5.', { exact: false })).toBeTruthy();
    expect((await menu()).map((item) => item.textContent)).toEqual(['Tuna kimbap ₩4,500', 'Cheese kimbap ₩5,000 · Sold out']);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('a stream that cannot be opened is said, and Refresh still asks', async () => {
    const { user, gateway } = await openPreview(aPublishedShop(), 'unavailable');
    expect((await screen.findByRole('status')).textContent).toBe('Live updates are unavailable right now: use Refresh to see the latest.');

    gateway.answer('ShopPreview', { data: { shop: aPublishedShop({ sourceVersion: 6, notice: 'Open late today' }) } });
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('Open late today')).toBeTruthy();
  });
});
