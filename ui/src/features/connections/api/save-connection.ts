import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Connection } from './get-connections';

/** The Definition of the API; a change without token keeps the stored one. */
export type ConnectionDefinition = { name: string; url: string; token?: string; timeout?: string; default: boolean; exposed: boolean };

/** POST /config/homeassistant (id absent) or PUT /config/homeassistant/{id}. */
export function saveConnection({ id, definition }: { id?: string; definition: ConnectionDefinition }): Promise<Connection> {
  return requestJson<Connection>(id ? `/config/homeassistant/${encodeURIComponent(id)}` : '/config/homeassistant', {
    method: id ? 'PUT' : 'POST',
    body: definition,
  });
}

export function useSaveConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveConnection,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.connections });
      void queryClient.invalidateQueries({ queryKey: queryKeys.mcpStatus });
      void queryClient.invalidateQueries({ queryKey: queryKeys.permissions });
    },
  });
}
