import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Level } from './get-tokens';

type ToolRight = { tool: string; grantedLevels: Level[] };
type MyPermissions = { tools: ToolRight[] };

/** GET /permissions/me (same key as the tools page), reduced to the levels I hold on at least one tool. */
export function useMyLevels() {
  return useQuery({
    queryKey: queryKeys.permissions,
    queryFn: ({ signal }) => requestJson<MyPermissions>('/permissions/me', { signal }),
    select: (data) => new Set<Level>(data.tools.flatMap((tool) => tool.grantedLevels.map((l) => l.toLowerCase() as Level))),
  });
}
