import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { authStore } from '../../../lib/auth-store';
import { json, mockFetch, renderRoute } from '../../../testing/render';

afterEach(() => authStore.set(null));

describe('sign-in page', () => {
  it('shows a locked account in the API words, with the time it unlocks', async () => {
    const lockedUntil = '2026-12-01T10:15:00Z';
    mockFetch({
      'POST /auth/login': () =>
        json(
          { type: '/problems/account-locked', title: 'Account locked', status: 429, detail: 'Too many failed logins: this account is locked for now. Try again later.', lockedUntil },
          429,
          { 'Retry-After': '900' },
        ),
    });
    renderRoute('/sign-in');
    await userEvent.type(await screen.findByLabelText(/^Username/, { selector: 'input' }), 'alice');
    await userEvent.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Account locked');
    expect(alert).toHaveTextContent('Too many failed logins');
    const time = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(lockedUntil));
    expect(alert).toHaveTextContent(`The account unlocks at ${time}.`);
  });

  it('sends the dashboard login with the refresh token in the cookie and then shows the forced password change', async () => {
    const fetch = mockFetch({
      'POST /auth/login': () => ({
        accessToken: 'a', tokenType: 'Bearer', expiresIn: 900, accessTokenExpiresAt: '', refreshToken: null,
        refreshTokenExpiresAt: '', sessionId: 's', passwordChangeRequired: true,
      }),
    });
    renderRoute('/sign-in');
    await userEvent.type(await screen.findByLabelText(/^Username/, { selector: 'input' }), 'admin');
    await userEvent.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'given-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Change your password' })).toBeInTheDocument();
    const body = JSON.parse(String(fetch.mock.calls[0]?.[1]?.body));
    expect(body).toEqual({ username: 'admin', password: 'given-password', refreshTokenIn: 'cookie' });
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
  });
});
