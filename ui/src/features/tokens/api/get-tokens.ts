import { queryOptions, useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type Level = 'read' | 'write' | 'execute';
export const LEVELS: readonly Level[] = ['read', 'write', 'execute'];
export type Grant = { tool: string; levels: Level[]; enabled?: boolean };

/** TokenSummary of the API. */
export type ApiToken = {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastIp: string | null;
  uses: number;
  permissions: Grant[] | null;
  allowedNetworks: string[] | null;
  requestsPerMinute: number | null;
};

/** GET /api/tokens: my tokens. */
export function getTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return requestJson<ApiToken[]>('/api/tokens', { signal });
}

export function tokensOptions() {
  return queryOptions({ queryKey: [...queryKeys.tokens, 'list'], queryFn: ({ signal }) => getTokens(signal), refetchInterval: 60_000 });
}

export function useTokens() {
  return useQuery(tokensOptions());
}
