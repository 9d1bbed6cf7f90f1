import { queryOptions, useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type UpstreamStatus = { name: string; label: string; transport: string; breakerState: string; openSessions: number; calls: number; failures: number };
export type McpStatus = { upstreams: UpstreamStatus[]; queue: { depth: number; inFlight: number } };

/** GET /mcp/status: the upstreams I can reach and their breakers. */
export function getMcpStatus(signal?: AbortSignal): Promise<McpStatus> {
  return requestJson<McpStatus>('/mcp/status', { signal });
}

export function mcpStatusOptions() {
  return queryOptions({ queryKey: queryKeys.mcpStatus, queryFn: ({ signal }) => getMcpStatus(signal), refetchInterval: 30_000 });
}

export function useMcpStatus() {
  return useQuery(mcpStatusOptions());
}
