import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type Rotation = { fromKeyIds: string[]; toKeyId: string; rewrapped: number; generated: boolean; retiredKeyIdsStillConfigured: string[] };

/** POST /admin/secrets/master-key/rotation: every data key wrapped again under the current master key. */
export function useRotateMasterKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      requestJson<Rotation>('/admin/secrets/master-key/rotation', { method: 'POST', headers: reason.trim() ? { 'X-Audit-Reason': reason.trim() } : undefined }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.masterKey }),
  });
}
