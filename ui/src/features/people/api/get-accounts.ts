import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** An account as GET /admin/users lists it. */
export type Account = {
  userId: string;
  username: string;
  email: string | null;
  role: 'USER' | 'ADMIN';
  enabled: boolean;
  mustChangePassword: boolean;
  registeredAt: string;
  lastLoginAt: string | null;
  lockedUntil: string | null;
  activeTokens: number;
  connections: number;
};

/** GET /admin/users: every account (administrators only). */
export function getAccounts(signal?: AbortSignal): Promise<Account[]> {
  return requestJson<Account[]>('/admin/users', { signal });
}

export function useAccounts() {
  return useQuery({ queryKey: queryKeys.accounts, queryFn: ({ signal }) => getAccounts(signal), refetchInterval: 30_000 });
}
