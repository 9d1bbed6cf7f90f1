package dev.hamcp.bridge.runtime.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.mcp.gateway.Upstreams;
import dev.hamcp.bridge.runtime.mcp.queue.CallQueue;
import dev.hamcp.bridge.runtime.mcp.server.McpDispatcher;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.McpMethods;
import dev.hamcp.bridge.runtime.web.ApiException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The bridge's original REST shape, kept for existing scripts: plain JSON in and out, no JSON-RPC
 * envelope, errors as problem documents. {@code /mcp/status} shows the gateway's health.
 */
@Component
class RestShapeEndpoint {

    private final McpRequests requests;
    private final McpDispatcher dispatcher;
    private final Upstreams upstreams;
    private final OpenSessions sessions;
    private final CallQueue queue;

    RestShapeEndpoint(
            McpRequests requests,
            McpDispatcher dispatcher,
            Upstreams upstreams,
            OpenSessions sessions,
            CallQueue queue) {
        this.requests = requests;
        this.dispatcher = dispatcher;
        this.upstreams = upstreams;
        this.sessions = sessions;
        this.queue = queue;
    }

    Mono<ServerResponse> initialize(ServerRequest request) {
        return params(request)
                .flatMap(params ->
                        json(dispatcher.initialize(McpDispatcher.negotiate(params, McpMethods.PROTOCOL_VERSIONS))));
    }

    Mono<ServerResponse> listTools(ServerRequest request) {
        return call(request, McpMethods.TOOLS_LIST);
    }

    Mono<ServerResponse> callTool(ServerRequest request) {
        return call(request, McpMethods.TOOLS_CALL);
    }

    Mono<ServerResponse> status(ServerRequest request) {
        return requests.caller(request).flatMap(caller -> {
            var status = new LinkedHashMap<String, Object>();
            status.put("upstreams", upstreams.status(caller));
            status.put("queue", Map.of("depth", queue.depth(), "inFlight", queue.inFlight()));
            status.put(
                    "sessions", Map.of("streamableHttp", sessions.streamableHttp(), "legacySse", sessions.legacySse()));
            return json(status);
        });
    }

    private Mono<ServerResponse> call(ServerRequest request, String method) {
        return requests.caller(request)
                .zipWith(params(request))
                .flatMap(pair -> dispatcher.dispatch(pair.getT1(), method, pair.getT2()))
                .flatMap(this::json)
                .onErrorMap(GatewayError.class, RestShapeEndpoint::problem);
    }

    private Mono<JsonNode> params(ServerRequest request) {
        return requests.body(request)
                .map(body -> {
                    try {
                        JsonNode node = body.length == 0 ? McpJson.MAPPER.createObjectNode() : McpJson.parse(body);
                        if (!node.isObject()) {
                            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The body must be a JSON object.");
                        }
                        return node;
                    } catch (IOException e) {
                        throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The body is not valid JSON.");
                    }
                })
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large."));
    }

    /** The same DNS-rebinding protection as the other MCP transports, in this shape's words: a filter of its routes. */
    Mono<ServerResponse> fromAllowedOrigin(ServerRequest request, HandlerFunction<ServerResponse> next) {
        return requests.originAllowed(request)
                ? next.handle(request)
                : Mono.error(new ApiException(ErrorCode.FORBIDDEN, "This Origin may not use the MCP endpoints."));
    }

    private Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(McpJson.bytes(body));
    }

    private static ApiException problem(GatewayError error) {
        ErrorCode code =
                switch (error.code()) {
                    case JsonRpc.INVALID_PARAMS, JsonRpc.METHOD_NOT_FOUND -> ErrorCode.VALIDATION_FAILED;
                    case JsonRpc.PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED;
                    case JsonRpc.RATE_LIMITED -> ErrorCode.RATE_LIMITED;
                    case JsonRpc.OVERLOADED -> ErrorCode.OVERLOADED;
                    case JsonRpc.TIMEOUT -> ErrorCode.UPSTREAM_TIMEOUT;
                    case JsonRpc.UPSTREAM_UNAVAILABLE -> ErrorCode.UPSTREAM_UNAVAILABLE;
                    default -> ErrorCode.UNAVAILABLE;
                };
        Object retryAfter = error.data().get("retryAfterSeconds");
        return new ApiException(
                code, error.getMessage(), retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter.toString()));
    }
}
