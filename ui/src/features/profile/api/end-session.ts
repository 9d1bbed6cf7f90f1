import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** DELETE /auth/sessions/{id}. */
export function endSession(id: string): Promise<void> {
  return requestJson<void>(`/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: endSession, onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.sessions }) });
}
