import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { graphqlError } from './support/fake-gateway';
import { aManagedShop, aMenuItem, me, renderDashboard, type RenderOptions } from './support/render-dashboard';

afterEach(cleanup);

async function openMenu(shop: ReturnType<typeof aManagedShop>, handlers: RenderOptions['handlers'] = {}) {
  const rendered = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([shop]), EditShop: me([shop]), ...handlers } });
  await rendered.user.click(await screen.findByRole('button', { name: 'Edit Kimbap Heaven' }));
  const menu = await screen.findByRole('region', { name: 'Menu' });
  return { ...rendered, menu };
}

describe('the menu', () => {
  it('an added item is sent with its price and shows in the menu; the form is cleared', async () => {
    const before = aManagedShop();
    const after = aManagedShop({ version: 2, menu: [aMenuItem({ name: 'Cheese kimbap', price: 5000, popular: true })] });
    const { user, gateway, menu } = await openMenu(before, { AddMenuItem: { data: { addMenuItem: after } } });
    const form = within(menu).getByRole('form', { name: 'Add a menu item' });
    await user.type(within(form).getByLabelText('Item name'), 'Cheese kimbap');
    await user.type(within(form).getByLabelText('Price (KRW)'), '5000');
    await user.click(within(form).getByRole('checkbox', { name: 'Popular' }));
    gateway.answer('EditShop', me([after]));
    await user.click(within(form).getByRole('button', { name: 'Add a menu item' }));

    expect(await within(menu).findByText('Cheese kimbap')).toBeTruthy();
    expect(within(menu).getByRole('listitem').textContent).toContain('₩5,000 · Popular');
    expect((within(form).getByLabelText('Item name') as HTMLInputElement).value).toBe('');
    expect(gateway.requests.find((r) => r.operationName === 'AddMenuItem')?.variables).toEqual({
      shopId: 'shop-1',
      input: { name: 'Cheese kimbap', description: null, price: 5000, soldOut: false, popular: true },
    });
  });

  it('a negative price is shown on the price field, focused, and the item stays typed', async () => {
    const { user, menu } = await openMenu(aManagedShop(), {
      AddMenuItem: graphqlError('BAD_USER_INPUT', 'input.price: must be 0 to 10,000,000', { field: 'input.price' }),
    });
    const form = within(menu).getByRole('form', { name: 'Add a menu item' });
    await user.type(within(form).getByLabelText('Item name'), 'Cheese kimbap');
    await user.type(within(form).getByLabelText('Price (KRW)'), '-100');
    await user.click(within(form).getByRole('button', { name: 'Add a menu item' }));

    const price = within(form).getByLabelText('Price (KRW)');
    expect(await within(form).findByText('input.price: must be 0 to 10,000,000')).toBeTruthy();
    expect(price.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(price);
    expect([(within(form).getByLabelText('Item name') as HTMLInputElement).value, (price as HTMLInputElement).value]).toEqual(['Cheese kimbap', '-100']);
  });

  it('marking an item sold out sends only that flag; removing sends the item', async () => {
    const shop = aManagedShop({ menu: [aMenuItem()] });
    const { user, gateway, menu } = await openMenu(shop, {
      UpdateMenuItem: { data: { updateMenuItem: aManagedShop({ version: 2, menu: [aMenuItem({ soldOut: true })] }) } },
      RemoveMenuItem: { data: { removeMenuItem: aManagedShop({ version: 3, menu: [] }) } },
    });
    gateway.answer('EditShop', me([aManagedShop({ version: 2, menu: [aMenuItem({ soldOut: true })] })]));
    await user.click(within(menu).getByRole('button', { name: 'Mark Tuna kimbap sold out' }));
    expect(await within(menu).findByRole('button', { name: 'Tuna kimbap back in stock' })).toBeTruthy();

    gateway.answer('EditShop', me([aManagedShop({ version: 3, menu: [] })]));
    await user.click(within(menu).getByRole('button', { name: 'Remove Tuna kimbap' }));
    expect(await within(menu).findByText('No menu items yet.')).toBeTruthy();
    expect(gateway.requests.filter((r) => r.operationName.endsWith('MenuItem')).map((r) => [r.operationName, r.variables])).toEqual([
      ['UpdateMenuItem', { id: 'item-1', input: { soldOut: true } }],
      ['RemoveMenuItem', { id: 'item-1' }],
    ]);
  });

  it('editing an item sends its name, description and price; a refused price stays typed on its field', async () => {
    const shop = aManagedShop({ menu: [aMenuItem()] });
    const { user, gateway, menu } = await openMenu(shop, {
      EditMenuItem: graphqlError('BAD_USER_INPUT', 'input.price: must be 0 to 10,000,000', { field: 'input.price' }),
    });
    await user.click(within(menu).getByRole('button', { name: 'Edit Tuna kimbap' }));
    const form = within(menu).getByRole('form', { name: 'Edit Tuna kimbap' });
    expect((within(form).getByLabelText('Price (KRW)') as HTMLInputElement).value).toBe('4500');
    await user.clear(within(form).getByLabelText('Price (KRW)'));
    await user.type(within(form).getByLabelText('Price (KRW)'), '99999999');
    await user.click(within(form).getByRole('button', { name: 'Save item' }));

    const price = within(form).getByLabelText('Price (KRW)');
    expect(await within(form).findByText('input.price: must be 0 to 10,000,000')).toBeTruthy();
    expect(document.activeElement).toBe(price);
    expect((price as HTMLInputElement).value).toBe('99999999');

    const renamed = aManagedShop({ version: 2, menu: [aMenuItem({ name: 'Tuna mayo kimbap', price: 5000 })] });
    gateway.answer('EditMenuItem', { data: { updateMenuItem: renamed } });
    gateway.answer('EditShop', me([renamed]));
    await user.clear(within(form).getByLabelText('Item name'));
    await user.type(within(form).getByLabelText('Item name'), 'Tuna mayo kimbap');
    await user.clear(price);
    await user.type(price, '5000');
    await user.click(within(form).getByRole('button', { name: 'Save item' }));

    expect(await within(menu).findByText('Tuna mayo kimbap')).toBeTruthy();
    expect(within(menu).queryByRole('form', { name: 'Edit Tuna kimbap' })).toBeNull();
    expect(gateway.requests.filter((r) => r.operationName === 'EditMenuItem').at(-1)?.variables).toEqual({
      id: 'item-1',
      input: { name: 'Tuna mayo kimbap', description: null, price: 5000 },
    });
  });
});
