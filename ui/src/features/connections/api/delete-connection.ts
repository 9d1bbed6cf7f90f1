import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** DELETE /config/homeassistant/{id}. */
export function deleteConnection(id: string): Promise<void> {
  return requestJson<void>(`/config/homeassistant/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteConnection,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.connections });
      void queryClient.invalidateQueries({ queryKey: queryKeys.mcpStatus });
    },
  });
}
