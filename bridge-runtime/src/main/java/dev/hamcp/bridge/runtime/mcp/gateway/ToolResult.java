package dev.hamcp.bridge.runtime.mcp.gateway;

import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.RawJson;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A tool's result as JSON bytes, written once: the request log counts these bytes and the
 * transports send them as they are. A stateless upstream's result arrives as the upstream wrote it
 * (read through, never decoded into objects); the SDK's results are serialized here once.
 *
 * @param isError whether the tool itself reported a failure ({@code isError}), which is still an answer
 * @param json the result object, in UTF-8
 */
public record ToolResult(boolean isError, byte[] json) implements RawJson {

    public static ToolResult of(McpSchema.CallToolResult result) {
        return new ToolResult(Boolean.TRUE.equals(result.isError()), McpJson.bytes(result));
    }
}
