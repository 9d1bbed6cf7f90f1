import { queryOptions, useQuery } from '@tanstack/react-query';
import { listAllTools, type Tool } from '../../../lib/mcp-client';
import { queryKeys } from '../../../lib/query-keys';
import { withMcpAsMe } from './mcp-as-me';

/** tools/list over POST /mcp: the tools I may call, with their input schemas and annotations. */
export function listMcpTools(): Promise<Tool[]> {
  return withMcpAsMe(listAllTools);
}

export function mcpToolsOptions() {
  return queryOptions({ queryKey: queryKeys.mcpTools, queryFn: listMcpTools, staleTime: 60_000 });
}

export function useMcpTools() {
  return useQuery(mcpToolsOptions());
}
