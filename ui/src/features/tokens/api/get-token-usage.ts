import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type TokenUsage = {
  tokenId: string;
  since: string;
  lastUsedAt: string | null;
  lastIp: string | null;
  requests: number;
  calls: number;
  denials: number;
  perDay: Array<{ day: string; calls: number; denials: number }>;
  perTool: Array<{ tool: string; calls: number; denials: number }>;
};

/** GET /api/tokens/{id}/usage?days=30. */
export function getTokenUsage(id: string, days = 30, signal?: AbortSignal): Promise<TokenUsage> {
  return requestJson<TokenUsage>(`/api/tokens/${encodeURIComponent(id)}/usage?days=${days}`, { signal });
}

export function useTokenUsage(id: string | null) {
  return useQuery({
    queryKey: [...queryKeys.tokens, 'usage', id],
    queryFn: ({ signal }) => getTokenUsage(id ?? '', 30, signal),
    enabled: id !== null,
  });
}
