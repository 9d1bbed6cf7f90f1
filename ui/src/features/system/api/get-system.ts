import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** GET /admin/system: what this bridge is. */
export type SystemInfo = {
  version: string;
  builtAt: string | null;
  java: string;
  database: 'embedded' | 'external';
  databaseServer: string;
  requestLogRetention: string;
  logFileRetentionDays: number;
  checkpointInterval: string;
};

export function useSystemInfo() {
  return useQuery({ queryKey: [...queryKeys.system, 'info'], queryFn: ({ signal }) => requestJson<SystemInfo>('/admin/system', { signal }) });
}
