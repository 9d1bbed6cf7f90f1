package dev.hamcp.bridge.runtime.mcp.gateway;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * A tool as a caller sees it, and where it really lives: {@code exposedName} is the upstream's
 * name, prefixed with the upstream's name when the caller sees more than one upstream.
 *
 * @param readOnly whether the tool only observes (MCP {@code readOnlyHint}, or the built-in Home
 *     Assistant catalog); only read-only calls may be retried or served from cache
 */
public record RoutedTool(String exposedName, String upstream, McpSchema.Tool definition, boolean readOnly) {

    /** The upstream's definition under the exposed name, for {@code tools/list}. */
    public McpSchema.Tool exposed() {
        if (exposedName.equals(definition.name())) {
            return definition;
        }
        return new McpSchema.Tool(
                exposedName,
                definition.title(),
                definition.description(),
                definition.inputSchema(),
                definition.outputSchema(),
                definition.annotations(),
                definition.meta(),
                definition.icons());
    }
}
