package dev.hamcp.bridge.runtime.mcp.gateway;

import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.RawJson;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A tool's result with its JSON, serialized once: the request log counts these bytes and the
 * transports send them, so no result is serialized twice.
 */
public record ToolResult(McpSchema.CallToolResult result, byte[] json) implements RawJson {

    public static ToolResult of(McpSchema.CallToolResult result) {
        return new ToolResult(result, McpJson.bytes(result));
    }

    /** Whether the tool itself reported a failure ({@code isError}), which is still an answer. */
    public boolean isError() {
        return Boolean.TRUE.equals(result.isError());
    }
}
