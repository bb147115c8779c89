import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { me, renderDashboard } from './support/render-dashboard';

afterEach(cleanup);

describe('moving between pages', () => {
  it("each page opens with the focus on its heading, so a screen reader says where the owner is", async () => {
    const { user } = renderDashboard({ handlers: { LogIn: { data: { logIn: { __typename: 'AuthPayload', token: 'tok-1' } } }, MyShops: me() } });
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Log in' }));

    await user.type(screen.getByLabelText('Email'), 'owner@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(document.activeElement).toBe(await screen.findByRole('heading', { name: 'My shops' }));

    await user.click(screen.getByRole('button', { name: 'Create a shop' }));
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Create a shop' }));

    await user.click(screen.getByRole('button', { name: 'Back to my shops' }));
    expect(document.activeElement).toBe(await screen.findByRole('heading', { name: 'My shops' }));
  });
});
