package dev.hamcp.bridge.api.upstream;

/** How the bridge reaches a registered upstream MCP server. */
public enum UpstreamTransport {
    /** Streamable HTTP (Home Assistant's {@code /api/mcp} is its stateless form). */
    STREAMABLE_HTTP,
    /** The legacy HTTP+SSE pair of protocol revision 2024-11-05. */
    SSE,
    /** A local process speaking over standard input and output. */
    STDIO
}
