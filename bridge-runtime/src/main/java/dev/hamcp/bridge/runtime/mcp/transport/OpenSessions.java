package dev.hamcp.bridge.runtime.mcp.transport;

import org.springframework.stereotype.Component;

/** How many MCP sessions this node holds open now, per transport: status figures, not a registry. */
@Component
public class OpenSessions {

    private final McpSessions streamableHttp;
    private final LegacySseEndpoint legacySse;

    OpenSessions(McpSessions streamableHttp, LegacySseEndpoint legacySse) {
        this.streamableHttp = streamableHttp;
        this.legacySse = legacySse;
    }

    /** Streamable HTTP sessions opened on this node, not yet ended or expired. */
    public long streamableHttp() {
        return streamableHttp.openedOnThisNode();
    }

    /** Legacy HTTP+SSE streams open on this node. */
    public int legacySse() {
        return legacySse.openStreams();
    }
}
