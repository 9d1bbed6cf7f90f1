import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** DELETE /api/tokens/{id}. */
export function revokeToken(id: string): Promise<void> {
  return requestJson<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: revokeToken, onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tokens }) });
}
