package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.customizer.McpAsyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import reactor.core.publisher.Mono;

/** Builds the SDK client of one upstream session, by the bridge's rules for each transport. */
final class ClientFactory {

    static final McpSchema.Implementation CLIENT_INFO = new McpSchema.Implementation(
            "ha-mcp-bridge",
            "HA-MCP Bridge",
            versionOr(ClientFactory.class.getPackage().getImplementationVersion(), "dev"));

    /** The bridge answers no server-initiated requests (sampling, roots, elicitation): it offers none. */
    static final McpSchema.ClientCapabilities CAPABILITIES =
            McpSchema.ClientCapabilities.builder().build();

    private final HttpClient http;

    ClientFactory(HttpClient http) {
        this.http = http;
    }

    /** The client, and the stdio transport when there is a process to watch (null otherwise). */
    record Connection(McpAsyncClient client, ScrubbedStdioTransport stdio) {}

    /** For the transports the SDK carries: legacy SSE and stdio (Streamable HTTP is {@link HttpSession}'s). */
    Connection connect(UpstreamDefinition definition, ResponseObserver observer) {
        var stdio = definition.transport() == UpstreamDefinition.Transport.STDIO ? stdio(definition) : null;
        McpClientTransport transport =
                switch (definition.transport()) {
                    case SSE -> sse(definition, observer);
                    case STDIO -> stdio;
                    case STREAMABLE_HTTP ->
                        throw new IllegalArgumentException(
                                definition.name() + " speaks Streamable HTTP: an HttpSession");
                };
        var client = McpClient.async(transport)
                .clientInfo(CLIENT_INFO)
                .capabilities(CAPABILITIES)
                .requestTimeout(definition.timeout())
                .initializationTimeout(definition.timeout())
                .build();
        return new Connection(client, stdio);
    }

    private McpClientTransport sse(UpstreamDefinition definition, ResponseObserver observer) {
        var url = URI.create(definition.url());
        return HttpClientSseClientTransport.builder(origin(url))
                .sseEndpoint(pathOf(url))
                .clientBuilder(ObservedHttpClient.builder(http, observer))
                .asyncHttpRequestCustomizer(headers(definition.bearerToken()))
                .build();
    }

    private static ScrubbedStdioTransport stdio(UpstreamDefinition definition) {
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

    /**
     * The upstream's own credential on every request (a caller's credential never gets here), and
     * the number of the call a request belongs to, for {@link ObservedHttpClient} to read and remove.
     */
    private static McpAsyncHttpClientRequestCustomizer headers(String token) {
        var authorization = token == null || token.isBlank() ? null : "Bearer " + token;
        return (builder, method, uri, body, context) -> {
            if (authorization != null) {
                builder.setHeader("Authorization", authorization);
            }
            if (context.get(SdkSession.CALL_KEY) instanceof Long call) {
                builder.setHeader(ObservedHttpClient.CALL_HEADER, call.toString());
            }
            return Mono.just(builder);
        };
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    private static String pathOf(URI url) {
        var path = url.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static String versionOr(String version, String fallback) {
        return version == null ? fallback : version;
    }
}
