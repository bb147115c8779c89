import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { graphqlError } from './support/fake-gateway';
import { aManagedShop, me, renderDashboard } from './support/render-dashboard';

afterEach(cleanup);

describe('the session', () => {
  it('survives a reload: a token in sessionStorage opens the shops straight away', async () => {
    const { gateway } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me() } });

    expect(await screen.findByRole('heading', { name: 'My shops' })).toBeTruthy();
    expect(await screen.findByRole('rowheader', { name: 'Kimbap Heaven' })).toBeTruthy();
    expect(gateway.requests[0]).toMatchObject({ operationName: 'MyShops', authorization: 'Bearer tok-1' });
  });

  it('me answering null sends the owner back to log in with a message, and the token is forgotten', async () => {
    renderDashboard({ token: 'expired', handlers: { MyShops: { data: { me: null } } } });

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Your session has expired. Please log in again.');
    expect(sessionStorage.getItem('shopgraph.dashboard.token')).toBeNull();
  });

  it('me answering null on any page (here: opening a shop to edit) sends the owner back to log in', async () => {
    const { user } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me(), EditShop: { data: { me: null } } } });
    await user.click(await screen.findByRole('button', { name: 'Edit Kimbap Heaven' }));

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Your session has expired. Please log in again.');
  });

  it('UNAUTHENTICATED on a change sends the owner back to log in with a message', async () => {
    const { user } = renderDashboard({
      token: 'revoked',
      handlers: { MyShops: me(), EditShop: me([aManagedShop()]), UpdateShop: graphqlError('UNAUTHENTICATED', 'Sign in first.') },
    });
    await user.click(await screen.findByRole('button', { name: 'Edit Kimbap Heaven' }));
    await user.click(await screen.findByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Your session has expired. Please log in again.');
  });

  it('logging out forgets the token and shows log in without a message', async () => {
    const { user } = renderDashboard({ token: 'tok-1', handlers: { MyShops: me() } });
    await user.click(await screen.findByRole('button', { name: 'Log out' }));

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Log out' })).toBeNull();
    expect(sessionStorage.getItem('shopgraph.dashboard.token')).toBeNull();
  });
});
