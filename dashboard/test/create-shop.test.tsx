import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { graphqlError } from './support/fake-gateway';
import { aManagedShop, me, renderDashboard, type RenderOptions } from './support/render-dashboard';

afterEach(cleanup);

async function openCreateForm(handlers: RenderOptions['handlers']) {
  const rendered = renderDashboard({ token: 'tok-1', handlers: { MyShops: me([]), ...handlers } });
  await rendered.user.click(await screen.findByRole('button', { name: 'Create a shop' }));
  await rendered.user.type(screen.getByLabelText('Shop name'), 'Tteokbokki House');
  await rendered.user.selectOptions(screen.getByLabelText('Category'), 'Bunsik');
  await rendered.user.type(screen.getByLabelText('Phone'), '02-555-0000');
  await rendered.user.type(screen.getByLabelText('Address'), 'Mapo-gu, Seoul');
  return rendered;
}

const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

describe('create a shop', () => {
  it('the new shop is sent with every field and appears in the list, publishing', async () => {
    const { user, gateway } = await openCreateForm({
      CreateShop: { data: { createShop: { __typename: 'ManagedShop', id: 'new' } } },
    });
    await user.clear(screen.getByLabelText('Minimum order (KRW)'));
    await user.type(screen.getByLabelText('Minimum order (KRW)'), '15000');
    gateway.answer('MyShops', me([aManagedShop({ id: 'new', name: 'Tteokbokki House', published: null })]));
    await user.click(screen.getByRole('button', { name: 'Create a shop' }));

    const row = (await screen.findByRole('rowheader', { name: 'Tteokbokki House' })).closest('tr')!;
    expect(within(row).getByText('Publishing…')).toBeTruthy();
    expect(gateway.requests.find((r) => r.operationName === 'CreateShop')?.variables).toEqual({
      input: {
        name: 'Tteokbokki House', category: 'BUNSIK', description: null, phone: '02-555-0000', address: 'Mapo-gu, Seoul',
        minOrderAmount: 15000, deliveryTip: 0, notice: null, openingHours: [],
      },
    });
  });

  it('a negative minimum order is shown on its field, focused, and nothing typed is lost', async () => {
    const { user } = await openCreateForm({
      CreateShop: graphqlError('BAD_USER_INPUT', 'minOrderAmount: must be 0 or more', { field: 'input.minOrderAmount' }),
    });
    await user.clear(screen.getByLabelText('Minimum order (KRW)'));
    await user.type(screen.getByLabelText('Minimum order (KRW)'), '-1');
    await user.click(screen.getByRole('button', { name: 'Create a shop' }));

    const field = screen.getByLabelText('Minimum order (KRW)');
    expect(await screen.findByText('minOrderAmount: must be 0 or more')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!)?.textContent).toBe('minOrderAmount: must be 0 or more');
    expect(document.activeElement).toBe(field);
    expect([value('Shop name'), value('Phone'), value('Address'), value('Minimum order (KRW)')]).toEqual(['Tteokbokki House', '02-555-0000', 'Mapo-gu, Seoul', '-1']);
  });

  it('letters in a number field are caught before sending', async () => {
    const { user, gateway } = await openCreateForm({});
    await user.clear(screen.getByLabelText('Delivery tip (KRW)'));
    await user.type(screen.getByLabelText('Delivery tip (KRW)'), '3,000');
    await user.click(screen.getByRole('button', { name: 'Create a shop' }));

    const field = screen.getByLabelText('Delivery tip (KRW)');
    expect(await screen.findByText('Enter a whole number.')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field);
    expect(gateway.requests.some((r) => r.operationName === 'CreateShop')).toBe(false);
  });

  it('a busy service is announced with "try again", and trying again sends the same shop', async () => {
    const { user, gateway } = await openCreateForm({
      CreateShop: { ...graphqlError('SERVICE_UNAVAILABLE', 'The shop service is unavailable.'), status: 503 },
    });
    await user.click(screen.getByRole('button', { name: 'Create a shop' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Please try again.');
    expect(value('Shop name')).toBe('Tteokbokki House');
    gateway.answer('CreateShop', { data: { createShop: { __typename: 'ManagedShop', id: 'new' } } });
    gateway.answer('MyShops', me([aManagedShop({ id: 'new', name: 'Tteokbokki House' })]));
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('rowheader', { name: 'Tteokbokki House' })).toBeTruthy();
    const sent = gateway.requests.filter((r) => r.operationName === 'CreateShop').map((r) => r.variables);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
  });

  it('a lost connection is announced with a retry, and the form keeps what was typed', async () => {
    const { user } = await openCreateForm({ CreateShop: 'network-down' });
    await user.click(screen.getByRole('button', { name: 'Create a shop' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server cannot be reached.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect([value('Shop name'), value('Category')]).toEqual(['Tteokbokki House', 'BUNSIK']);
  });
});
