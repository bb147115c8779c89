import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { graphqlError } from './support/fake-gateway';
import { me, renderDashboard } from './support/render-dashboard';

afterEach(cleanup);

async function fillSignUp(user: ReturnType<typeof renderDashboard>['user']) {
  await user.click(screen.getByRole('button', { name: /sign up/i }));
  await user.type(screen.getByLabelText('Email'), 'taken@example.com');
  await user.type(screen.getByLabelText('Password'), 'long enough');
  await user.type(screen.getByLabelText('Name'), 'Kim Owner');
  await user.click(screen.getByRole('button', { name: 'Sign up' }));
}

describe('sign up', () => {
  it('signing up signs the owner in', async () => {
    const { user, gateway } = renderDashboard({
      handlers: { SignUp: { data: { signUp: { __typename: 'AuthPayload', token: 'tok-new' } } }, MyShops: me([]) },
    });
    await fillSignUp(user);

    expect(await screen.findByText('You have no shops yet.')).toBeTruthy();
    expect(gateway.requests[0]?.variables).toEqual({ input: { email: 'taken@example.com', password: 'long enough', name: 'Kim Owner', phone: null } });
  });

  it('an email already registered is shown on the email field, which gets the focus, and nothing typed is lost', async () => {
    const { user } = renderDashboard({
      handlers: { SignUp: graphqlError('CONFLICT', 'An owner with this email address is already registered.', { field: 'input.email' }) },
    });
    await fillSignUp(user);

    const email = screen.getByLabelText('Email');
    expect(await screen.findByText('An owner with this email address is already registered.')).toBeTruthy();
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toBe('An owner with this email address is already registered.');
    expect(document.activeElement).toBe(email);
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Kim Owner');
    expect((email as HTMLInputElement).value).toBe('taken@example.com');
  });

  it('a too-short password is shown on the password field', async () => {
    const { user } = renderDashboard({
      handlers: { SignUp: graphqlError('BAD_USER_INPUT', 'password: Too small: expected string to have >=8 characters', { field: 'input.password' }) },
    });
    await fillSignUp(user);

    const password = screen.getByLabelText('Password');
    await screen.findByText(/expected string to have >=8 characters/);
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBeNull();
    expect(document.activeElement).toBe(password);
  });
});
