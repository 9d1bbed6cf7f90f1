import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { authHeaders, refreshSession } from './api-client';
import { authStore } from './auth-store';
import { queryKeys } from './query-keys';

/** One call of the request log, as GET /api/calls and the `call` event carry it. */
export type CallItem = {
  id: string;
  at: string;
  tool: string | null;
  upstream: string | null;
  /** The caller's own name for it (a Home Assistant connection's upstream is its id). */
  upstreamLabel?: string | null;
  outcome: string;
  errorCode: number | null;
  latencyMs: number;
  requestBytes: number;
  responseBytes: number;
  clientIp: string | null;
  tokenId: string | null;
  tokenName: string | null;
};

export type CallPage = { items: CallItem[]; nextCursor: string | null };

/** The filters of a call list, as its query key carries them. */
export type CallFilters = {
  from?: string;
  to?: string;
  tool?: string;
  upstream?: string;
  tokenId?: string;
  outcome?: string;
  limit?: number;
};

export function matches(call: CallItem, filters: CallFilters): boolean {
  if (filters.tool && call.tool !== filters.tool) return false;
  if (filters.upstream && call.upstream !== filters.upstream) return false;
  if (filters.tokenId && call.tokenId !== filters.tokenId) return false;
  if (filters.outcome && call.outcome !== filters.outcome) return false;
  if (filters.from && call.at < filters.from) return false;
  if (filters.to && call.at > filters.to) return false;
  return true;
}

/** Puts a call that just finished at the top of every cached list it belongs to. */
export function prependCall(queryClient: QueryClient, call: CallItem): void {
  queryClient
    .getQueryCache()
    .findAll({ queryKey: queryKeys.calls })
    .forEach((query) => {
      const filters = (query.queryKey[2] ?? {}) as CallFilters;
      if (!matches(call, filters)) return;
      queryClient.setQueryData<InfiniteData<CallPage> | CallPage>(query.queryKey, (data) => {
        if (!data) return data;
        const add = (page: CallPage): CallPage => {
          if (page.items.some((item) => item.id === call.id)) return page;
          const items = [call, ...page.items];
          return { ...page, items: filters.limit ? items.slice(0, filters.limit) : items };
        };
        if ('pages' in data) {
          const [first, ...rest] = data.pages;
          return first ? { ...data, pages: [add(first), ...rest] } : data;
        }
        return add(data);
      });
    });
}

export function applyEvent(queryClient: QueryClient, message: Pick<EventSourceMessage, 'event' | 'data'>): void {
  switch (message.event) {
    case 'call': {
      try {
        prependCall(queryClient, JSON.parse(message.data) as CallItem);
      } catch {
        void queryClient.invalidateQueries({ queryKey: queryKeys.calls });
      }
      void queryClient.invalidateQueries({ queryKey: queryKeys.callStats });
      void queryClient.invalidateQueries({ queryKey: queryKeys.mcpStatus });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
      break;
    }
    case 'token':
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
      break;
    case 'connection':
      void queryClient.invalidateQueries({ queryKey: queryKeys.connections });
      void queryClient.invalidateQueries({ queryKey: queryKeys.mcpStatus });
      break;
    default:
      break;
  }
}

export type LiveState = 'connecting' | 'live' | 'offline';

class RetriableError extends Error {}

/**
 * Follows a server-sent event stream of the bridge. The bearer header rules out EventSource, hence
 * fetch-event-source; each (re)connection takes the current access token (refreshed on a 401), the
 * library sends Last-Event-ID so the stream resumes where it stopped, and failures back off up to
 * a minute. Ends when {@code signal} aborts.
 */
export function followStream(
  path: string,
  { signal, onMessage, onState }: { signal: AbortSignal; onMessage: (message: EventSourceMessage) => void; onState: (state: LiveState) => void },
): void {
  let failures = 0;
  void fetchEventSource(path, {
    signal,
    openWhenHidden: true,
    headers: { Accept: 'text/event-stream' },
    fetch: (input, init) =>
      fetch(input, { ...init, credentials: 'same-origin', headers: { ...authHeaders(), ...(init?.headers as Record<string, string>), Accept: 'text/event-stream' } }),
    async onopen(response) {
      if (response.ok && response.headers.get('content-type')?.startsWith('text/event-stream')) {
        failures = 0;
        onState('live');
        return;
      }
      if (response.status === 401 && authStore.get()) {
        await refreshSession();
        throw new RetriableError('access token refreshed');
      }
      throw new RetriableError(`HTTP ${response.status}`);
    },
    onmessage: onMessage,
    onclose() {
      throw new RetriableError('closed');
    },
    onerror() {
      onState('offline');
      failures += 1;
      return Math.min(60_000, 1000 * 2 ** Math.min(failures, 6));
    },
  }).catch(() => onState('offline'));
}

/** Follows GET /api/events while signed in; the refetch intervals keep the pages current while it is down. */
export function useLiveEvents(queryClient: QueryClient, enabled: boolean): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    followStream('/api/events', { signal: controller.signal, onMessage: (message) => applyEvent(queryClient, message), onState: setState });
    return () => controller.abort();
  }, [queryClient, enabled]);
  return enabled ? state : 'offline';
}
