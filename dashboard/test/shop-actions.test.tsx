import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { graphqlError } from './support/fake-gateway';
import { aManagedShop, me, renderDashboard } from './support/render-dashboard';

afterEach(cleanup);

const row = async (name: string) => (await screen.findByRole('rowheader', { name })).closest('tr')!;

describe('pause, reopen, close and delete a shop', () => {
  it('pausing an open shop sends PAUSED and the row shows it, publishing the new version', async () => {
    const paused = aManagedShop({ status: 'PAUSED', version: 2 });
    const { user, gateway } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me(), SetShopStatus: { data: { setShopStatus: paused } } } });
    expect(within(await row('Kimbap Heaven')).queryByRole('button', { name: 'Reopen Kimbap Heaven' })).toBeNull();
    gateway.answer('MyShops', me([paused]));
    await user.click(await screen.findByRole('button', { name: 'Pause Kimbap Heaven' }));

    expect(await within(await row('Kimbap Heaven')).findByText('Paused')).toBeTruthy();
    expect(within(await row('Kimbap Heaven')).getByText('Publishing…')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reopen Kimbap Heaven' })).toBeTruthy();
    expect(gateway.requests.find((r) => r.operationName === 'SetShopStatus')?.variables).toEqual({ id: 'shop-1', status: 'PAUSED' });
  });

  it('when the list fails as it is asked again after a change, the shops stay, with "try again"', async () => {
    const paused = aManagedShop({ status: 'PAUSED', version: 2 });
    const { user, gateway } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me(), SetShopStatus: { data: { setShopStatus: paused } } } });
    const pause = await screen.findByRole('button', { name: 'Pause Kimbap Heaven' });
    gateway.answer('MyShops', { ...graphqlError('SERVICE_UNAVAILABLE', 'The gateway is at capacity; try again shortly.'), status: 503 });
    await user.click(pause);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Please try again.');
    expect(within(await row('Kimbap Heaven')).getByText('Open')).toBeTruthy();
    gateway.answer('MyShops', me([paused]));
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(await row('Kimbap Heaven')).findByText('Paused')).toBeTruthy();
  });

  it('a refused status change is announced', async () => {
    const { user } = renderDashboard({
      token: 'tok-1',
      handlers: { MyShops: me(), SetShopStatus: { ...graphqlError('SERVICE_UNAVAILABLE', 'The shop service is unavailable.'), status: 503 } },
    });
    await user.click(await screen.findByRole('button', { name: 'Close Kimbap Heaven' }));

    expect((await screen.findByRole('alert')).textContent).toContain('Please try again.');
    expect(within(await row('Kimbap Heaven')).getByText('Open')).toBeTruthy();
  });

  it('delete asks first; keeping the shop sends nothing', async () => {
    const { user, gateway } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me() } });
    await user.click(await screen.findByRole('button', { name: 'Delete Kimbap Heaven' }));

    const question = screen.getByRole('alertdialog', { name: /Delete Kimbap Heaven\?/ });
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep it' }));
    await user.click(within(question).getByRole('button', { name: 'Keep it' }));

    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(gateway.requests.some((r) => r.operationName === 'DeleteShop')).toBe(false);
  });

  it('a confirmed delete removes the shop from the list', async () => {
    const { user, gateway } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me(), DeleteShop: { data: { deleteShop: 'shop-1' } } } });
    await user.click(await screen.findByRole('button', { name: 'Delete Kimbap Heaven' }));
    gateway.answer('MyShops', me([]));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText('You have no shops yet.')).toBeTruthy();
    expect(gateway.requests.find((r) => r.operationName === 'DeleteShop')?.variables).toEqual({ id: 'shop-1' });
  });
});
