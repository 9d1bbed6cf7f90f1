import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { queryString, requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type HistoryItem = { at: string; type: string; summary: string; clientIp: string | null };
export type HistoryPage = { items: HistoryItem[]; nextCursor: string | null };

/** GET /auth/history: my account's events, newest first. */
export function getHistory(cursor: string | null, signal?: AbortSignal): Promise<HistoryPage> {
  return requestJson<HistoryPage>(`/auth/history${queryString({ cursor, limit: 20 })}`, { signal });
}

export function historyOptions() {
  return infiniteQueryOptions({
    queryKey: queryKeys.history,
    queryFn: ({ pageParam, signal }) => getHistory(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useHistory() {
  return useInfiniteQuery(historyOptions());
}
