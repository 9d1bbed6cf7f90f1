import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type Cleanup = { cutoff: string; deleted: number };

/** POST /admin/cleanup: the request log's rows past the retention deleted now, recorded with the reason. */
export function useCleanup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      requestJson<Cleanup>('/admin/cleanup', { method: 'POST', headers: reason.trim() ? { 'X-Audit-Reason': reason.trim() } : undefined }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.system }),
  });
}
