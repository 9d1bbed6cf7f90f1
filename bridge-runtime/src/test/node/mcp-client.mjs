// Drives the bridge with the official MCP TypeScript SDK client, as LM Studio or Claude Desktop would.
// Usage: node mcp-client.mjs <streamable|sse> <url> <bearer token> [tool] [arguments as JSON]
// Prints one JSON object: the negotiated server, the tool names, and the call's result or error.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';

const [mode, url, token, tool, args] = process.argv.slice(2);
const requestInit = { headers: { Authorization: `Bearer ${token}` } };
const transport = mode === 'sse'
  ? new SSEClientTransport(new URL(url), { requestInit })
  : new StreamableHTTPClientTransport(new URL(url), { requestInit });
const client = new Client({ name: 'bridge-e2e', version: '1.0.0' });
const report = { mode };
try {
  await client.connect(transport);
  report.server = client.getServerVersion();
  report.sessionId = transport.sessionId ?? null;
  report.tools = (await client.listTools()).tools.map((t) => t.name);
  if (tool) {
    try {
      report.result = await client.callTool({ name: tool, arguments: args ? JSON.parse(args) : {} });
    } catch (error) {
      report.callError = { code: error.code ?? null, message: String(error.message ?? error) };
    }
  }
  if (mode !== 'sse') {
    await transport.terminateSession();
  }
} catch (error) {
  report.error = { code: error.code ?? null, message: String(error.message ?? error) };
} finally {
  await client.close().catch(() => {});
}
process.stdout.write(JSON.stringify(report) + '\n');
