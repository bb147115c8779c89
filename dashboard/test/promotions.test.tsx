import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { promotionPhase } from '../src/shops/promotion-phase';
import { graphqlError } from './support/fake-gateway';
import { aManagedShop, aPromotion, me, renderDashboard, type RenderOptions } from './support/render-dashboard';

afterEach(cleanup);

async function openPromotions(shop: ReturnType<typeof aManagedShop>, handlers: RenderOptions['handlers'] = {}) {
  const rendered = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([shop]), EditShop: me([shop]), ...handlers } });
  await rendered.user.click(await screen.findByRole('button', { name: 'Edit Kimbap Heaven' }));
  return { ...rendered, section: await screen.findByRole('region', { name: 'Promotions' }) };
}

describe('promotions', () => {
  it('a promotion is scheduled before it starts, running until it ends, then ended', () => {
    const promotion = { startsAt: '2026-12-01T00:00:00.000Z', endsAt: '2026-12-08T00:00:00.000Z' };
    expect(promotionPhase(promotion, Date.parse('2026-11-30T23:59:59.999Z'))).toBe('scheduled');
    expect(promotionPhase(promotion, Date.parse('2026-12-01T00:00:00.000Z'))).toBe('running');
    expect(promotionPhase(promotion, Date.parse('2026-12-08T00:00:00.000Z'))).toBe('ended');
  });

  it('the list says which are scheduled, running and ended; only the ended one cannot be ended', async () => {
    const { section } = await openPromotions(
      aManagedShop({
        promotions: [
          aPromotion({ id: 'p1', title: 'Lunch deal', startsAt: '2020-01-01T00:00:00.000Z', endsAt: '2099-01-01T00:00:00.000Z' }),
          aPromotion({ id: 'p2', title: 'New year', startsAt: '2098-01-01T00:00:00.000Z', endsAt: '2099-01-01T00:00:00.000Z' }),
          aPromotion({ id: 'p3', title: 'Opening week', startsAt: '2020-01-01T00:00:00.000Z', endsAt: '2020-01-08T00:00:00.000Z' }),
        ],
      }),
    );
    const items = within(section).getAllByRole('listitem');
    expect(items.map((item) => item.textContent?.split(' · ').slice(0, 2))).toEqual([
      ['Lunch deal', 'Running'],
      ['New year', 'Scheduled'],
      ['Opening week', 'Ended'],
    ]);
    expect(within(section).getAllByRole('button', { name: /^End / }).map((b) => b.textContent)).toEqual(['End Lunch deal now', 'End New year now']);
  });

  it('ending a running promotion sends it and the list shows it ended', async () => {
    const ended = aPromotion({ endsAt: '2021-01-01T00:00:00.000Z' });
    const { user, gateway, section } = await openPromotions(aManagedShop({ promotions: [aPromotion()] }), {
      EndPromotion: { data: { endPromotion: aManagedShop({ version: 2, promotions: [ended] }) } },
    });
    gateway.answer('EditShop', me([aManagedShop({ version: 2, promotions: [ended] })]));
    await user.click(within(section).getByRole('button', { name: 'End Free delivery now' }));

    expect(await within(section).findByText(/Ended/)).toBeTruthy();
    expect(gateway.requests.find((r) => r.operationName === 'EndPromotion')?.variables).toEqual({ id: 'promo-1' });
  });

  it('an added promotion is sent in UTC; an end before the start is shown on the end field', async () => {
    const { user, gateway, section } = await openPromotions(aManagedShop(), {
      AddPromotion: graphqlError('BAD_USER_INPUT', 'input.endsAt: must be later than startsAt', { field: 'input.endsAt' }),
    });
    const form = within(section).getByRole('form', { name: 'Add a promotion' });
    await user.type(within(form).getByLabelText('Promotion title'), 'Rainy day');
    await user.type(within(form).getByLabelText('Starts'), '2026-12-05T10:00');
    await user.type(within(form).getByLabelText('Ends'), '2026-12-05T09:00');
    await user.click(within(form).getByRole('button', { name: 'Add a promotion' }));

    const ends = within(form).getByLabelText('Ends');
    expect(await within(form).findByText('input.endsAt: must be later than startsAt')).toBeTruthy();
    expect(ends.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(ends);
    expect((within(form).getByLabelText('Promotion title') as HTMLInputElement).value).toBe('Rainy day');
    expect(gateway.requests.find((r) => r.operationName === 'AddPromotion')?.variables).toEqual({
      shopId: 'shop-1',
      input: { title: 'Rainy day', description: null, startsAt: new Date('2026-12-05T10:00').toISOString(), endsAt: new Date('2026-12-05T09:00').toISOString() },
    });
  });
});
