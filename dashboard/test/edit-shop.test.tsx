import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { graphqlError } from './support/fake-gateway';
import { aManagedShop, aMenuItem, hours, me, renderDashboard, type RenderOptions } from './support/render-dashboard';

afterEach(cleanup);

const shop = aManagedShop({ description: 'Rolls since 1998', notice: 'Closed on holidays', openingHours: [hours('MON', '11:00', '21:00')] });

async function openEditForm(handlers: RenderOptions['handlers']) {
  const rendered = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([shop]), EditShop: me([shop]), ...handlers } });
  await rendered.user.click(await screen.findByRole('button', { name: 'Edit Kimbap Heaven' }));
  await screen.findByRole('heading', { name: 'Edit Kimbap Heaven' });
  return rendered;
}

const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

describe('edit a shop', () => {
  it('the form starts from what the owner last saved', async () => {
    await openEditForm({});

    expect([value('Shop name'), value('Category'), value('Description'), value('Phone'), value('Address'), value('Minimum order (KRW)'), value('Delivery tip (KRW)'), value('Notice to customers')])
      .toEqual(['Kimbap Heaven', 'BUNSIK', 'Rolls since 1998', '02-123-4567', 'Seoul', '12000', '3000', 'Closed on holidays']);
  });

  it('saving sends the changes and returns to the list, where the new version is publishing', async () => {
    const { user, gateway } = await openEditForm({
      UpdateShop: { data: { updateShop: { ...shop, name: 'Kimbap Paradise', version: 2 } } },
    });
    await user.clear(screen.getByLabelText('Shop name'));
    await user.type(screen.getByLabelText('Shop name'), 'Kimbap Paradise');
    await user.clear(screen.getByLabelText('Notice to customers'));
    gateway.answer('MyShops', me([{ ...shop, name: 'Kimbap Paradise', version: 2 }]));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const row = (await screen.findByRole('rowheader', { name: 'Kimbap Paradise' })).closest('tr')!;
    expect(row.textContent).toContain('Publishing…');
    expect(gateway.requests.find((r) => r.operationName === 'UpdateShop')?.variables).toEqual({
      id: 'shop-1',
      input: {
        name: 'Kimbap Paradise', category: 'BUNSIK', description: 'Rolls since 1998', phone: '02-123-4567', address: 'Seoul',
        minOrderAmount: 12000, deliveryTip: 3000, notice: null, openingHours: [{ day: 'MON', opens: '11:00', closes: '21:00' }],
      },
    });
  });

  it('opening hours start from what was saved, and an added day is sent in weekday order', async () => {
    const { user, gateway } = await openEditForm({ UpdateShop: { data: { updateShop: { ...shop, version: 2 } } } });
    expect((screen.getByRole('checkbox', { name: 'Monday' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Sunday' }) as HTMLInputElement).checked).toBe(false);
    expect([value('Monday opens (HH:MM)'), value('Monday closes (HH:MM)')]).toEqual(['11:00', '21:00']);
    expect(screen.queryByLabelText('Sunday opens (HH:MM)')).toBeNull();

    await user.click(screen.getByRole('checkbox', { name: 'Saturday' }));
    await user.type(screen.getByLabelText('Saturday opens (HH:MM)'), '17:00');
    await user.type(screen.getByLabelText('Saturday closes (HH:MM)'), '02:00');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByRole('heading', { name: 'My shops' });
    expect((gateway.requests.find((r) => r.operationName === 'UpdateShop')?.variables.input as { openingHours: unknown }).openingHours).toEqual([
      { day: 'MON', opens: '11:00', closes: '21:00' },
      { day: 'SAT', opens: '17:00', closes: '02:00' },
    ]);
  });

  it("an opening time the API refuses is shown on that day's field", async () => {
    const { user } = await openEditForm({
      UpdateShop: graphqlError('BAD_USER_INPUT', 'input.openingHours.1.opens: must be HH:MM', { field: 'input.openingHours.1.opens' }),
    });
    await user.click(screen.getByRole('checkbox', { name: 'Saturday' }));
    await user.type(screen.getByLabelText('Saturday opens (HH:MM)'), '5pm');
    await user.type(screen.getByLabelText('Saturday closes (HH:MM)'), '23:00');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const saturday = await screen.findByLabelText('Saturday opens (HH:MM)');
    await screen.findByText('input.openingHours.1.opens: must be HH:MM');
    expect(saturday.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Monday opens (HH:MM)').getAttribute('aria-invalid')).toBeNull();
    expect(document.activeElement).toBe(saturday);
    expect((saturday as HTMLInputElement).value).toBe('5pm');
  });

  it('a shop no longer among the owner\'s shops (deleted elsewhere) says so instead of an empty page', async () => {
    const { user } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([shop]), EditShop: me([]) } });
    await user.click(await screen.findByRole('button', { name: 'Edit Kimbap Heaven' }));

    expect((await screen.findByRole('status')).textContent).toBe('This shop is not among your shops (it may have been deleted).');
    expect(screen.queryByLabelText('Shop name')).toBeNull();
  });

  it('too many changes say how long to wait, and the edits stay', async () => {
    const { user } = await openEditForm({
      UpdateShop: { ...graphqlError('TOO_MANY_REQUESTS', 'Too many updateShop attempts; try again in 7 s.', { retryAfter: 7 }), status: 429 },
    });
    await user.type(screen.getByLabelText('Shop name'), ' 2');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect((await screen.findByRole('alert')).textContent).toContain('Try again in 7 s.');
    expect(value('Shop name')).toBe('Kimbap Heaven 2');
  });

  it('when its query fails as it is asked again after a change, the editor and what was typed stay, with "try again"', async () => {
    const withItem = { ...shop, menu: [aMenuItem()] };
    const { user, gateway } = await openEditForm({
      EditShop: me([withItem]),
      UpdateMenuItem: { data: { updateMenuItem: { ...withItem, version: 2, menu: [aMenuItem({ soldOut: true })] } } },
    });
    await user.clear(screen.getByLabelText('Shop name'));
    await user.type(screen.getByLabelText('Shop name'), 'Kimbap Paradise');
    await user.type(screen.getByLabelText('Item name'), 'Cheese kimbap');
    // The gateway at capacity, as a loaded machine's shedder answers.
    gateway.answer('EditShop', { ...graphqlError('SERVICE_UNAVAILABLE', 'The gateway is at capacity; try again shortly.'), status: 503 });
    await user.click(screen.getByRole('button', { name: 'Mark Tuna kimbap sold out' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Please try again.');
    expect([value('Shop name'), value('Item name')]).toEqual(['Kimbap Paradise', 'Cheese kimbap']);
    expect(screen.getByRole('region', { name: 'Menu' }).textContent).toContain('Tuna kimbap');

    gateway.answer('EditShop', me([{ ...withItem, version: 2, menu: [aMenuItem({ soldOut: true })] }]));
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Tuna kimbap back in stock' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect([value('Shop name'), value('Item name')]).toEqual(['Kimbap Paradise', 'Cheese kimbap']);
  });
});
