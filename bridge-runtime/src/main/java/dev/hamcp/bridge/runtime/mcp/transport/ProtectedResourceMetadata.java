package dev.hamcp.bridge.runtime.mcp.transport;

import dev.hamcp.bridge.runtime.web.PublicUrl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * RFC 9728 Protected Resource Metadata for the MCP endpoint: clients learn that {@code /mcp} takes
 * bearer tokens in the Authorization header (the bridge's own access or API tokens).
 */
@Component
public class ProtectedResourceMetadata {

    public static final String PATH = "/.well-known/oauth-protected-resource";

    private final PublicUrl publicUrl;

    ProtectedResourceMetadata(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The value of {@code WWW-Authenticate} on a 401, pointing at the metadata. */
    public String challenge(ServerWebExchange exchange, String error) {
        String value = "Bearer resource_metadata=\"" + publicUrl.of(exchange) + PATH + "\"";
        return error == null ? value : value + ", error=\"" + error + "\"";
    }

    Mono<ServerResponse> metadata(ServerRequest request) {
        var body = new LinkedHashMap<String, Object>();
        String base = publicUrl.of(request.exchange());
        body.put("resource", base + "/mcp");
        body.put("bearer_methods_supported", List.of("header"));
        body.put("resource_name", "HA-MCP Bridge");
        body.put("resource_documentation", base + "/");
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.copyOf(body));
    }
}
