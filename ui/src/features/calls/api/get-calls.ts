import { infiniteQueryOptions, useInfiniteQuery, useQuery, queryOptions } from '@tanstack/react-query';
import { queryString, requestJson } from '../../../lib/api-client';
import type { CallFilters, CallPage } from '../../../lib/live-events';
import { queryKeys } from '../../../lib/query-keys';

export type { CallFilters, CallItem, CallPage } from '../../../lib/live-events';

export const OUTCOMES = [
  'OK', 'TOOL_ERROR', 'UNAUTHENTICATED', 'DENIED', 'RATE_LIMITED', 'OVERLOADED', 'TIMEOUT',
  'UPSTREAM_UNAVAILABLE', 'INVALID', 'CANCELLED', 'INTERNAL_ERROR',
] as const;

export function filterParams(filters: CallFilters) {
  return { from: filters.from, to: filters.to, tool: filters.tool, upstream: filters.upstream, tokenId: filters.tokenId, outcome: filters.outcome };
}

/** GET /api/calls: one page of my calls, newest first. */
export function getCalls(filters: CallFilters, cursor: string | null, signal?: AbortSignal): Promise<CallPage> {
  return requestJson<CallPage>(`/api/calls${queryString({ ...filterParams(filters), cursor, limit: filters.limit ?? 50 })}`, { signal });
}

export function callsInfiniteOptions(filters: CallFilters) {
  return infiniteQueryOptions({
    queryKey: [...queryKeys.calls, 'pages', filters],
    queryFn: ({ pageParam, signal }) => getCalls(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 30_000,
  });
}

export function useCalls(filters: CallFilters) {
  return useInfiniteQuery(callsInfiniteOptions(filters));
}

/** The last few calls, for the overview. */
export function recentCallsOptions(limit: number) {
  const filters: CallFilters = { limit };
  return queryOptions({
    queryKey: [...queryKeys.calls, 'recent', filters],
    queryFn: ({ signal }) => getCalls(filters, null, signal),
    refetchInterval: 30_000,
  });
}

export function useRecentCalls(limit = 10) {
  return useQuery(recentCallsOptions(limit));
}
