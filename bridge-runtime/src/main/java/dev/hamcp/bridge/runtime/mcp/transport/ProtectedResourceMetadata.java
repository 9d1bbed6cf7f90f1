package dev.hamcp.bridge.runtime.mcp.transport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * RFC 9728 Protected Resource Metadata for the MCP endpoint: clients learn that {@code /mcp} takes
 * bearer tokens in the Authorization header (the bridge's own access or API tokens).
 */
@Component
public class ProtectedResourceMetadata {

    public static final String PATH = "/.well-known/oauth-protected-resource";

    /** The value of {@code WWW-Authenticate} on a 401, pointing at the metadata. */
    public static String challenge(ServerWebExchange exchange, String error) {
        String value = "Bearer resource_metadata=\"" + baseUrl(exchange) + PATH + "\"";
        return error == null ? value : value + ", error=\"" + error + "\"";
    }

    Mono<ServerResponse> metadata(ServerRequest request) {
        var body = new LinkedHashMap<String, Object>();
        body.put("resource", baseUrl(request.exchange()) + "/mcp");
        body.put("bearer_methods_supported", List.of("header"));
        body.put("resource_name", "HA-MCP Bridge");
        body.put("resource_documentation", baseUrl(request.exchange()) + "/");
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.copyOf(body));
    }

    private static String baseUrl(ServerWebExchange exchange) {
        return UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
                .replacePath(null)
                .replaceQuery(null)
                .fragment(null)
                .build()
                .toUriString();
    }
}
