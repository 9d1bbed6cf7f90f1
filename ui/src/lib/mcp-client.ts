import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';

export type { CallToolResult, Tool };

/** Where MCP clients reach this bridge: the page's own origin. */
export function mcpUrl(): string {
  return `${window.location.origin}/mcp`;
}

/**
 * Runs {@code work} with an MCP client connected to this bridge's /mcp with {@code token} as
 * Bearer, exactly as an outside MCP client would, then closes it. The SDK is loaded on first use
 * so it stays out of the sign-in page's bundle. Schemas are checked with @cfworker/json-schema,
 * which does not compile code: the page's CSP forbids eval.
 */
export async function withMcpClient<T>(token: string, work: (client: Client) => Promise<T>): Promise<T> {
  const [{ Client }, { StreamableHTTPClientTransport }, { CfWorkerJsonSchemaValidator }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/validation/cfworker'),
  ]);
  const client = new Client(
    { name: 'ha-mcp-bridge-dashboard', version: '0.1.0' },
    { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl()), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  try {
    return await work(client);
  } finally {
    await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}

/** Every tool the credential may call, following tools/list's pages. */
export async function listAllTools(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

/** A failure of an MCP exchange as a person reads it: the JSON-RPC code when there is one. */
export type McpFailure = { code: number | null; message: string };

export function describeMcpError(error: unknown): McpFailure {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'number' ? code : null,
      message: typeof message === 'string' ? message : String(error),
    };
  }
  return { code: null, message: String(error) };
}
