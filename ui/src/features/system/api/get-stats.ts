import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** GET /admin/stats: what the installation holds, and the last day's calls. */
export type SystemStats = {
  at: string;
  callsLastDay: Record<string, number>;
  callsLastDayFailed: number;
  requestLogRows: number;
  requestLogBytes: number;
  users: number;
  openSignInSessions: number;
  events: number;
  databaseBytes: number;
  logFiles: number;
  logBytes: number;
};

export function useSystemStats() {
  return useQuery({ queryKey: [...queryKeys.system, 'stats'], queryFn: ({ signal }) => requestJson<SystemStats>('/admin/stats', { signal }), refetchInterval: 60_000 });
}
