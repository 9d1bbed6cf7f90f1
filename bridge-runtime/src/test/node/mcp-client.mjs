// Drives the bridge with the official MCP TypeScript SDK client, as LM Studio or Claude Desktop would.
// Usage: node mcp-client.mjs <streamable|sse> <url> <bearer token, or - for none> [tool] [arguments as JSON]
//                            [--session=<Mcp-Session-Id to resume instead of initializing>] [--keep-session]
// Prints one JSON object: the negotiated server, the tool names, and the call's result or error.
// A streamable session is ended (DELETE) at the end unless --keep-session, so a test can hand its id on.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';

const options = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const [mode, url, token, tool, args] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const resumed = options.find((option) => option.startsWith('--session='))?.slice('--session='.length);
const keepSession = options.includes('--keep-session');

const requestInit = token && token !== '-' ? { headers: { Authorization: `Bearer ${token}` } } : {};
const transport = mode === 'sse'
  ? new SSEClientTransport(new URL(url), { requestInit })
  : new StreamableHTTPClientTransport(new URL(url), { requestInit, sessionId: resumed });
const client = new Client({ name: 'bridge-e2e', version: '1.0.0' });
const report = { mode };
try {
  // With a session id to resume, the SDK skips initialize: the first request is tools/list.
  await client.connect(transport);
  report.server = client.getServerVersion() ?? null;
  report.protocolVersion = transport.protocolVersion ?? null;
  report.sessionId = transport.sessionId ?? null;
  report.tools = (await client.listTools()).tools.map((t) => t.name);
  if (tool) {
    try {
      report.result = await client.callTool({ name: tool, arguments: args ? JSON.parse(args) : {} });
    } catch (error) {
      report.callError = { code: error.code ?? null, message: String(error.message ?? error) };
    }
  }
  if (mode !== 'sse' && !keepSession) {
    await transport.terminateSession();
  }
} catch (error) {
  report.error = { name: error.name ?? null, code: error.code ?? null, message: String(error.message ?? error) };
} finally {
  await client.close().catch(() => {});
}
process.stdout.write(JSON.stringify(report) + '\n');
