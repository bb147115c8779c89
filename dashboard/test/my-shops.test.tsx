import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { aManagedShop, me, renderDashboard } from './support/render-dashboard';

afterEach(cleanup);

const row = async (name: string) => (await screen.findByRole('rowheader', { name })).closest('tr')!;

describe('my shops', () => {
  it('lists each shop with its status, version and publish state', async () => {
    renderDashboard({
      token: 'tok-1',
      handlers: {
        MyShops: me([
          aManagedShop({ id: 'a', name: 'Kimbap Heaven', status: 'OPEN', version: 3, published: { __typename: 'Shop', sourceVersion: 3 } }),
          aManagedShop({ id: 'b', name: 'Night Chicken', status: 'PAUSED', version: 5, published: { __typename: 'Shop', sourceVersion: 4 } }),
          aManagedShop({ id: 'c', name: 'New Place', status: 'OPEN', version: 1, published: null }),
        ]),
      },
    });

    const cells = async (name: string) => within(await row(name)).getAllByRole('cell').slice(0, 3).map((cell) => cell.textContent);
    expect(await cells('Kimbap Heaven')).toEqual(['Open', '3', 'Published']);
    expect(await cells('Night Chicken')).toEqual(['Paused', '5', 'Publishing…']);
    expect(await cells('New Place')).toEqual(['Open', '1', 'Publishing…']);
  });

  it('a lost connection is announced with a retry that loads the list', async () => {
    const { user, gateway } = renderDashboard({ token: 'tok-1', handlers: { MyShops: 'network-down' } });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server cannot be reached.');
    gateway.answer('MyShops', me());
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('rowheader', { name: 'Kimbap Heaven' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
