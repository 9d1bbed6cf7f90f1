import { useMutation } from '@tanstack/react-query';
import { describeMcpError, type CallToolResult, type McpFailure } from '../../../lib/mcp-client';
import { withMcpAsMe } from './mcp-as-me';

export type ToolCallOutcome =
  | { kind: 'result'; result: CallToolResult; latencyMs: number }
  | { kind: 'refused'; error: McpFailure; latencyMs: number };

/** tools/call over POST /mcp; a JSON-RPC refusal is an outcome to show, not a failure of the page. */
export async function callTool(name: string, args: Record<string, unknown>): Promise<ToolCallOutcome> {
  return withMcpAsMe(async (client) => {
    const started = performance.now();
    try {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      return { kind: 'result', result, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { kind: 'refused', error: describeMcpError(error), latencyMs: Math.round(performance.now() - started) };
    }
  });
}

export function useCallTool() {
  return useMutation({ mutationFn: ({ name, args }: { name: string; args: Record<string, unknown> }) => callTool(name, args) });
}
