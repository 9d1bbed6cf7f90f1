import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { authStore } from '../../../lib/auth-store';
import { json, mockFetch, renderRoute, signedIn } from '../../../testing/render';

afterEach(() => authStore.set(null));

const readOnly = {
  userId: 'u', username: 'reader', role: 'USER', grants: [], defaults: [{ tool: '*', levels: ['read'], enabled: true }], token: null,
  tools: [
    { tool: 'GetLiveContext', upstream: 'simulator', requiredLevel: 'read', grantedLevels: ['read'], allowed: true },
    { tool: 'HassTurnOn', upstream: 'simulator', requiredLevel: 'write', grantedLevels: ['read'], allowed: false },
  ],
};

const me = { userId: 'u', username: 'reader', email: null, role: 'USER', passwordChangeRequired: false, sessionId: 'session-1' };

describe('tokens page', () => {
  it('shows a created token once, with its copy button and the warning', async () => {
    let tokens: unknown[] = [];
    mockFetch({
      'GET /auth/me': () => me,
      'GET /permissions/me': () => readOnly,
      'GET /api/tokens': () => tokens,
      'POST /api/tokens/generate': () => {
        tokens = [{ id: 't1', userId: 'u', name: 'LM Studio', prefix: 'mcp_abcdefgh', status: 'ACTIVE', createdAt: '2026-12-01T10:00:00Z', expiresAt: null, revokedAt: null, lastUsedAt: null, lastIp: null, uses: 0, permissions: null, allowedNetworks: null, requestsPerMinute: null }];
        return json({ id: 't1', name: 'LM Studio', token: 'mcp_secretsecretsecret', prefix: 'mcp_abcdefgh', createdAt: '2026-12-01T10:00:00Z', expiresAt: null, permissions: null, allowedNetworks: [], requestsPerMinute: null, notice: null }, 201);
      },
    });
    signedIn();
    renderRoute('/tokens');
    await userEvent.click(await screen.findByRole('button', { name: 'Create token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create token' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'LM Studio');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));

    const shown = await screen.findByRole('dialog', { name: 'Your new token' });
    expect(within(shown).getByRole('textbox', { name: 'Token' })).toHaveValue('mcp_secretsecretsecret');
    expect(within(shown).getByRole('button', { name: 'Copy token' })).toBeInTheDocument();
    expect(within(shown).getByText(/you will not see it again/)).toBeInTheDocument();

    await userEvent.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    expect(await screen.findByRole('rowheader', { name: 'LM Studio' })).toBeInTheDocument();
    expect(screen.queryByText('mcp_secretsecretsecret')).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue('mcp_secretsecretsecret')).not.toBeInTheDocument();
  });

  it('lets a read-only user pick only the levels they hold', async () => {
    mockFetch({ 'GET /auth/me': () => me, 'GET /permissions/me': () => readOnly, 'GET /api/tokens': () => [] });
    signedIn();
    renderRoute('/tokens');
    await userEvent.click(await screen.findByRole('button', { name: 'Create token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create token' });
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'All my rights (no subset)' }));
    expect(await within(dialog).findByRole('checkbox', { name: 'read' })).toBeEnabled();
    expect(within(dialog).getByRole('checkbox', { name: 'write' })).toBeDisabled();
    expect(within(dialog).getByRole('checkbox', { name: 'execute' })).toBeDisabled();
    expect(within(dialog).getByText('You do not hold write on any tool, so a token cannot either.')).toBeInTheDocument();
  });
});
