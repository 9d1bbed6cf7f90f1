import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** PUT /api/tokens/{id}/permissions; null gives the token all my rights again. */
export function updateTokenPermissions({ id, permissions }: { id: string; permissions: Array<{ tool: string; levels: string[] }> | null }): Promise<unknown> {
  return requestJson<unknown>(`/api/tokens/${encodeURIComponent(id)}/permissions`, { method: 'PUT', body: { permissions } });
}

export function useUpdateTokenPermissions() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateTokenPermissions, onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tokens }) });
}
