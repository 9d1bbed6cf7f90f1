import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** GET /admin/secrets/master-key: master keys by id only. */
export type MasterKeyStatus = { currentKeyId: string; retiredKeyIds: string[]; fileManaged: boolean };

export function useMasterKey() {
  return useQuery({ queryKey: queryKeys.masterKey, queryFn: ({ signal }) => requestJson<MasterKeyStatus>('/admin/secrets/master-key', { signal }) });
}
