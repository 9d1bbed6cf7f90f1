import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { SessionInfo } from './get-sessions';

/** DELETE /auth/sessions/{id}. */
export function endSession(id: string): Promise<void> {
  return requestJson<void>(`/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/**
 * Ends a session and takes it off the list at once: the bridge's list of sessions is a view that
 * may take a moment to hear of the end, so reading it again at once could still show it.
 */
export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endSession,
    onSuccess: (_done, id) => {
      queryClient.setQueryData<SessionInfo[]>(queryKeys.sessions, (sessions) => sessions?.filter((session) => session.sessionId !== id));
      window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: queryKeys.sessions }), 2_000);
    },
  });
}
