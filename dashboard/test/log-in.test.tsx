import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { graphqlError } from './support/fake-gateway';
import { me, renderDashboard } from './support/render-dashboard';

afterEach(cleanup);

describe('log in', () => {
  it('logging in keeps the token in sessionStorage and shows the owner their shops, asked for with it', async () => {
    const { user, gateway } = renderDashboard({
      handlers: { LogIn: { data: { logIn: { __typename: 'AuthPayload', token: 'tok-1' } } }, MyShops: me() },
    });
    await user.type(screen.getByLabelText('Email'), 'owner@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByRole('rowheader', { name: 'Kimbap Heaven' })).toBeTruthy();
    expect(sessionStorage.getItem('shopgraph.dashboard.token')).toBe('tok-1');
    expect(gateway.requests[0]).toMatchObject({ operationName: 'LogIn', variables: { email: 'owner@example.com', password: 'correct horse' }, authorization: null });
    expect(gateway.requests.at(-1)).toMatchObject({ operationName: 'MyShops', authorization: 'Bearer tok-1' });
  });

  it('a wrong password is announced and what was typed stays', async () => {
    const { user } = renderDashboard({ handlers: { LogIn: graphqlError('UNAUTHENTICATED', 'Invalid email or password.') } });
    await user.type(screen.getByLabelText('Email'), 'owner@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect((await screen.findByRole('alert')).textContent).toContain('Invalid email or password.');
    expect(screen.queryByRole('status')).toBeNull();
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('owner@example.com');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('wrong');
  });

  it('too many attempts say how long to wait', async () => {
    const { user } = renderDashboard({
      handlers: { LogIn: { ...graphqlError('TOO_MANY_REQUESTS', 'Too many logIn attempts; try again in 30 s.', { retryAfter: 30 }), status: 429 } },
    });
    await user.type(screen.getByLabelText('Email'), 'owner@example.com');
    await user.type(screen.getByLabelText('Password'), 'guess');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect((await screen.findByRole('alert')).textContent).toContain('Try again in 30 s.');
  });
});
