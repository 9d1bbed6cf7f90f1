import { queryOptions, useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type Level = 'read' | 'write' | 'execute';
export type Grant = { tool: string; levels: Level[]; enabled: boolean };
export type ToolRight = { tool: string; upstream: string | null; upstreamLabel?: string | null; requiredLevel: Level; grantedLevels: Level[]; allowed: boolean };

/** UserPermissions of the API. */
export type MyPermissions = {
  userId: string;
  username: string;
  role: 'USER' | 'ADMIN';
  grants: Grant[];
  defaults: Grant[];
  token: { tokenId: string; permissions: Grant[] } | null;
  tools: ToolRight[];
};

/** GET /permissions/me: every tool I can reach, its level, and whether I may call it. */
export function getMyPermissions(signal?: AbortSignal): Promise<MyPermissions> {
  return requestJson<MyPermissions>('/permissions/me', { signal });
}

export function myPermissionsOptions() {
  return queryOptions({ queryKey: queryKeys.permissions, queryFn: ({ signal }) => getMyPermissions(signal), refetchInterval: 60_000 });
}

export function useMyPermissions() {
  return useQuery(myPermissionsOptions());
}
