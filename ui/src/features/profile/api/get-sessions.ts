import { queryOptions, useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type SessionInfo = {
  sessionId: string;
  startedAt: string;
  lastRefreshedAt: string | null;
  expiresAt: string;
  clientIp: string | null;
  userAgent: string | null;
  current: boolean;
};

/** GET /auth/sessions: my active sessions. */
export function getSessions(signal?: AbortSignal): Promise<SessionInfo[]> {
  return requestJson<SessionInfo[]>('/auth/sessions', { signal });
}

export function sessionsOptions() {
  return queryOptions({ queryKey: queryKeys.sessions, queryFn: ({ signal }) => getSessions(signal) });
}

export function useSessions() {
  return useQuery(sessionsOptions());
}
