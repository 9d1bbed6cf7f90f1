import { useQuery } from '@tanstack/react-query';
import { requestJson } from './api-client';
import { queryKeys } from './query-keys';

/** GET /auth/me: who is signed in. */
export type Me = { userId: string; username: string; email: string | null; role: 'USER' | 'ADMIN'; passwordChangeRequired: boolean; sessionId: string | null };

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: ({ signal }) => requestJson<Me>('/auth/me', { signal }), staleTime: 60_000 });
}
