import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { bridgeUrl } from './env.ts';

/** Why an MCP exchange did not succeed. */
export interface McpFailure {
  /** connect: initialize (the credential is checked here); call: the request after it. */
  stage: 'connect' | 'call';
  /** http: the bridge answered an HTTP error (401 for a refused token); jsonrpc: a JSON-RPC error. */
  kind: 'http' | 'jsonrpc' | 'other';
  /** The HTTP status (kind http) or the JSON-RPC error code (kind jsonrpc: -32002 not permitted, ...). */
  code: number | null;
  message: string;
}

export type McpOutcome<T> = { ok: true; value: T; durationMs: number } | { ok: false; error: McpFailure; durationMs: number };

export interface McpOptions {
  /** Default: the bridge under test. */
  baseUrl?: string;
  /** Default: /mcp (Streamable HTTP). */
  path?: string;
}

function failure(stage: McpFailure['stage'], error: unknown): McpFailure {
  if (error instanceof StreamableHTTPError) {
    return { stage, kind: 'http', code: error.code ?? null, message: error.message };
  }
  if (error instanceof McpError) {
    return { stage, kind: 'jsonrpc', code: error.code, message: error.message };
  }
  return { stage, kind: 'other', code: null, message: String((error as Error)?.message ?? error) };
}

/**
 * Runs `use` with an official TypeScript SDK client connected (initialize done) to the bridge's
 * Streamable HTTP endpoint, sending `Authorization: Bearer <token>` as LM Studio or Claude Desktop
 * would; ends the MCP session afterwards. Never throws for a refusal: answers it as {@link McpFailure}.
 */
export async function withMcpClient<T>(
  token: string,
  use: (client: Client) => Promise<T>,
  options: McpOptions = {},
): Promise<McpOutcome<T>> {
  const started = Date.now();
  const url = new URL(options.path ?? '/mcp', (options.baseUrl ?? bridgeUrl()) + '/');
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'ha-mcp-bridge-e2e', version: '1.0.0' });
  try {
    try {
      await client.connect(transport);
    } catch (error) {
      return { ok: false, error: failure('connect', error), durationMs: Date.now() - started };
    }
    try {
      const value = await use(client);
      return { ok: true, value, durationMs: Date.now() - started };
    } catch (error) {
      return { ok: false, error: failure('call', error), durationMs: Date.now() - started };
    } finally {
      await transport.terminateSession().catch(() => {});
    }
  } finally {
    await client.close().catch(() => {});
  }
}

/** tools/call of `name` with `args`: the result (which may carry isError: true) or why it was refused. */
export function callTool(
  token: string,
  name: string,
  args: Record<string, unknown> = {},
  options: McpOptions = {},
): Promise<McpOutcome<CallToolResult>> {
  return withMcpClient(token, (client) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>, options);
}

/** tools/list: the names of the tools the token's holder may call. */
export function listTools(token: string, options: McpOptions = {}): Promise<McpOutcome<string[]>> {
  return withMcpClient(token, async (client) => (await client.listTools()).tools.map((tool) => tool.name), options);
}

/** The text parts of a tool result, joined by new lines. */
export function resultText(result: CallToolResult): string {
  return result.content
    .filter((part): part is { type: 'text'; text: string } => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}
