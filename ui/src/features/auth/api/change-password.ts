import { useMutation } from '@tanstack/react-query';
import { refreshSession, requestJson } from '../../../lib/api-client';

export type ChangePasswordInput = { currentPassword: string; newPassword: string };

/**
 * POST /auth/password, then a refresh: the new access token no longer says a change is
 * required. The server ends every other session.
 */
export async function changePassword(input: ChangePasswordInput): Promise<void> {
  await requestJson<void>('/auth/password', { method: 'POST', body: input });
  await refreshSession();
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
