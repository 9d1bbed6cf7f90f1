package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;

/** What the bridge says it is to upstreams, and the SDK client of a stdio upstream's session. */
final class ClientFactory {

    static final McpSchema.Implementation CLIENT_INFO = new McpSchema.Implementation(
            "ha-mcp-bridge",
            "HA-MCP Bridge",
            versionOr(ClientFactory.class.getPackage().getImplementationVersion(), "dev"));

    /** The bridge answers no server-initiated requests (sampling, roots, elicitation): it offers none. */
    static final McpSchema.ClientCapabilities CAPABILITIES =
            McpSchema.ClientCapabilities.builder().build();

    private ClientFactory() {}

    /** The SDK's client of a stdio process. */
    static McpAsyncClient client(UpstreamDefinition definition, ScrubbedStdioTransport stdio) {
        return McpClient.async(stdio)
                .clientInfo(CLIENT_INFO)
                .capabilities(CAPABILITIES)
                .requestTimeout(definition.timeout())
                .initializationTimeout(definition.timeout())
                .build();
    }

    /** The process of a stdio upstream, with the environment its definition gives and nothing else. */
    static ScrubbedStdioTransport stdio(UpstreamDefinition definition) {
        var command = definition.command();
        var parameters = ServerParameters.builder(command.getFirst())
                .args(command.subList(1, command.size()))
                .build();
        // ServerParameters always adds HOME, LOGNAME, PATH, SHELL, TERM and USER from the bridge's
        // own environment; its map is live, so the definition's environment replaces it whole.
        parameters.getEnv().clear();
        parameters.getEnv().putAll(definition.environment());
        return new ScrubbedStdioTransport(definition.name(), parameters, McpJsonDefaults.getMapper());
    }

    private static String versionOr(String version, String fallback) {
        return version == null ? fallback : version;
    }
}
