package dev.hamcp.bridge.runtime.mcp.spec;

import java.util.List;

/** MCP method names and protocol revisions the bridge speaks. */
public final class McpMethods {

    public static final String INITIALIZE = "initialize";
    public static final String PING = "ping";
    public static final String TOOLS_LIST = "tools/list";
    public static final String TOOLS_CALL = "tools/call";
    public static final String NOTIFICATION_INITIALIZED = "notifications/initialized";
    public static final String NOTIFICATION_CANCELLED = "notifications/cancelled";

    /** Newest first; the first is what the bridge proposes when a client asks for one it does not know. */
    public static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    /** The revision of the legacy HTTP+SSE transport, which older peers on it still speak. */
    public static final String HTTP_SSE_VERSION = "2024-11-05";

    /** What a request without an {@code MCP-Protocol-Version} header is taken to speak. */
    public static final String DEFAULT_NEGOTIATED_VERSION = "2025-03-26";

    private McpMethods() {}
}
