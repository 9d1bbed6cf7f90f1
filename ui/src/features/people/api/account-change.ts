import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** What an administrator may do to an account; each is one endpoint of /admin/users/{id}. */
export type AccountChange =
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'role'; role: 'USER' | 'ADMIN' }
  | { kind: 'delete' };

/** The reason, when given, travels in X-Audit-Reason and stays with the event. */
export function changeAccount(userId: string, change: AccountChange, reason: string): Promise<void> {
  const path = `/admin/users/${encodeURIComponent(userId)}`;
  const headers = reason.trim() ? { 'X-Audit-Reason': reason.trim() } : undefined;
  switch (change.kind) {
    case 'disable':
    case 'enable':
      return requestJson<void>(`${path}/${change.kind}`, { method: 'POST', headers });
    case 'role':
      return requestJson<void>(`${path}/role`, { method: 'POST', body: { role: change.role }, headers });
    case 'delete':
      return requestJson<void>(path, { method: 'DELETE', headers });
  }
}

export function useChangeAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, change, reason }: { userId: string; change: AccountChange; reason: string }) => changeAccount(userId, change, reason),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.accounts }),
  });
}
