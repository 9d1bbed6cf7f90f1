package dev.hamcp.bridge.runtime.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.ToolGateway;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.McpMethods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The MCP methods the bridge answers, independent of transport: {@code initialize}, {@code ping},
 * {@code tools/list} and {@code tools/call}. Every transport parses the envelope, authenticates,
 * and hands the method and its params here.
 */
@Component
public class McpDispatcher {

    static final String SERVER_NAME = "ha-mcp-bridge";

    private final ToolGateway gateway;
    private final String version;

    McpDispatcher(ToolGateway gateway) {
        this.gateway = gateway;
        String implementation = McpDispatcher.class.getPackage().getImplementationVersion();
        this.version = implementation == null ? "dev" : implementation;
    }

    /** The revision to speak: the client's when it is one of {@code accepted}, else the newest. */
    public static String negotiate(JsonNode params, List<String> accepted) {
        String proposed = params == null ? null : params.path("protocolVersion").asText(null);
        return proposed != null && accepted.contains(proposed) ? proposed : accepted.getFirst();
    }

    /** The result of {@code initialize} for the negotiated revision. */
    public Map<String, Object> initialize(String protocolVersion) {
        var result = new LinkedHashMap<String, Object>();
        result.put("protocolVersion", protocolVersion);
        result.put("capabilities", Map.of("tools", Map.of("listChanged", false)));
        result.put("serverInfo", Map.of("name", SERVER_NAME, "title", "HA-MCP Bridge", "version", version));
        result.put("instructions", "Tools of your Home Assistant, limited to what your account may use.");
        return result;
    }

    /** Answers a request other than {@code initialize}; refusals arrive as {@link GatewayError}. */
    public Mono<Object> dispatch(Caller caller, String method, JsonNode params) {
        return switch (method) {
            case McpMethods.PING -> Mono.just(Map.of());
            case McpMethods.TOOLS_LIST -> gateway.listTools(caller).map(tools -> Map.of("tools", tools));
            case McpMethods.TOOLS_CALL -> callTool(caller, params);
            default -> Mono.error(new GatewayError(JsonRpc.METHOD_NOT_FOUND, "Unknown method: " + method));
        };
    }

    private Mono<Object> callTool(Caller caller, JsonNode params) {
        JsonNode name = params == null ? null : params.get("name");
        JsonNode arguments = params == null ? null : params.get("arguments");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            return Mono.error(
                    new GatewayError(JsonRpc.INVALID_PARAMS, "tools/call needs params.name, the tool's name"));
        }
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return Mono.error(new GatewayError(JsonRpc.INVALID_PARAMS, "params.arguments must be an object"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values =
                arguments == null || arguments.isNull() ? Map.of() : McpJson.convert(arguments, Map.class);
        return gateway.callTool(caller, name.asText(), values).map(Object.class::cast);
    }
}
