import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { messagesFor } from '../src/i18n/messages';
import { graphqlError } from './support/fake-gateway';
import { renderDashboard } from './support/render-dashboard';

afterEach(cleanup);

describe('language', () => {
  it('a browser preferring Korean gets the dashboard in Korean', async () => {
    const { user } = renderDashboard({
      languages: ['ko-KR', 'en-US'],
      handlers: { LogIn: { ...graphqlError('TOO_MANY_REQUESTS', 'Too many logIn attempts; try again in 30 s.', { retryAfter: 30 }), status: 429 } },
    });
    expect(screen.getByRole('heading', { name: '로그인' })).toBeTruthy();
    await user.type(screen.getByLabelText('이메일'), 'owner@example.com');
    await user.type(screen.getByLabelText('비밀번호'), 'guess');
    await user.click(screen.getByRole('button', { name: '로그인' }));

    expect((await screen.findByRole('alert')).textContent).toContain('30초 후에 다시 시도해 주세요.');
  });

  it('the first language the dashboard speaks wins; anything else is English', () => {
    expect(messagesFor(['fr-FR', 'ko']).logIn).toBe('로그인');
    expect(messagesFor(['en-GB', 'ko']).logIn).toBe('Log in');
    expect(messagesFor(['de']).logIn).toBe('Log in');
    expect(messagesFor([]).logIn).toBe('Log in');
  });
});
