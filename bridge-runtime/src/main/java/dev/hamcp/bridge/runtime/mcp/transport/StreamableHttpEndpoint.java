package dev.hamcp.bridge.runtime.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.server.McpDispatcher;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpHttp;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.McpMethods;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * MCP's Streamable HTTP transport at {@code /mcp} (revision 2025-11-25; 2025-06-18 and 2025-03-26
 * accepted): one JSON-RPC message per POST, answered as JSON or as a short SSE stream, sessions in
 * {@code Mcp-Session-Id}, and the status codes of the specification (202, 400, 403, 404, 405,
 * 406, 413, 415, 429, 503).
 */
@Component
class StreamableHttpEndpoint {

    static final int REQUEST_CANCELLED = -32800;
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpEndpoint.class);

    private final McpRequests requests;
    private final McpDispatcher dispatcher;
    private final McpSessions sessions;
    private final Map<String, Sinks.Empty<Void>> inFlight = new ConcurrentHashMap<>();

    StreamableHttpEndpoint(McpRequests requests, McpDispatcher dispatcher, McpSessions sessions) {
        this.requests = requests;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
    }

    /** A message envelope as received: a request has a method and an id, a notification only a method. */
    private record Message(JsonNode id, String method, JsonNode params) {

        boolean isRequest() {
            return method != null && id != null;
        }
    }

    Mono<ServerResponse> post(ServerRequest request) {
        if (!requests.originAllowed(request)) {
            return failure(
                    HttpStatus.FORBIDDEN, null, JsonRpc.INVALID_REQUEST, "This Origin may not use the MCP endpoint.");
        }
        if (!acceptsJsonAndEventStream(request)) {
            return failure(
                    HttpStatus.NOT_ACCEPTABLE,
                    null,
                    JsonRpc.INVALID_REQUEST,
                    "Accept must list both application/json and text/event-stream.");
        }
        if (!request.headers()
                .contentType()
                .map(MediaType.APPLICATION_JSON::isCompatibleWith)
                .orElse(false)) {
            return failure(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    null,
                    JsonRpc.INVALID_REQUEST,
                    "Content-Type must be application/json.");
        }
        String version = request.headers().firstHeader(McpHttp.PROTOCOL_VERSION);
        if (version != null && !McpMethods.PROTOCOL_VERSIONS.contains(version)) {
            return failure(
                    HttpStatus.BAD_REQUEST,
                    null,
                    JsonRpc.INVALID_REQUEST,
                    "Unsupported MCP-Protocol-Version: " + version);
        }
        return requests.body(request)
                .flatMap(body ->
                        parse(body).map(message -> handle(request, message)).orElseGet(() -> malformed(body)))
                .onErrorResume(
                        DataBufferLimitException.class,
                        e -> failure(
                                HttpStatus.CONTENT_TOO_LARGE,
                                null,
                                JsonRpc.INVALID_REQUEST,
                                "The message is larger than the bridge accepts."));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        // The bridge never starts messages of its own, so it offers no server-to-client stream.
        return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header("Allow", "POST, DELETE")
                .build();
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        if (!requests.originAllowed(request)) {
            return failure(
                    HttpStatus.FORBIDDEN, null, JsonRpc.INVALID_REQUEST, "This Origin may not use the MCP endpoint.");
        }
        String id = request.headers().firstHeader(McpHttp.SESSION_ID);
        if (id == null) {
            return failure(HttpStatus.BAD_REQUEST, null, JsonRpc.INVALID_REQUEST, "Mcp-Session-Id is missing.");
        }
        return requests.caller(request).flatMap(caller -> sessions.find(id, caller.userId())
                .map(session -> {
                    sessions.end(session);
                    return ServerResponse.noContent().build();
                })
                .orElseGet(() -> unknownSession(null)));
    }

    private Mono<ServerResponse> handle(ServerRequest request, Message message) {
        return requests.caller(request).flatMap(caller -> {
            if (McpMethods.INITIALIZE.equals(message.method())) {
                return initialize(request, caller, message);
            }
            String sessionId = request.headers().firstHeader(McpHttp.SESSION_ID);
            if (sessionId == null) {
                return failure(
                        HttpStatus.BAD_REQUEST,
                        message.id(),
                        JsonRpc.INVALID_REQUEST,
                        "Mcp-Session-Id is missing; initialize first.");
            }
            var session = sessions.find(sessionId, caller.userId());
            if (session.isEmpty()) {
                return unknownSession(message.id());
            }
            if (!message.isRequest()) {
                cancelIfAsked(sessionId, message);
                return ServerResponse.accepted().build();
            }
            return answer(request, caller, sessionId, message);
        });
    }

    private Mono<ServerResponse> initialize(ServerRequest request, Caller caller, Message message) {
        if (!message.isRequest()) {
            return failure(
                    HttpStatus.BAD_REQUEST, null, JsonRpc.INVALID_REQUEST, "initialize must be a request with an id.");
        }
        String version = McpDispatcher.negotiate(message.params(), McpMethods.PROTOCOL_VERSIONS);
        var session = sessions.open(caller.userId(), version);
        return respond(
                request, McpJson.bytes(McpJson.result(message.id(), dispatcher.initialize(version))), session.id());
    }

    private Mono<ServerResponse> answer(ServerRequest request, Caller caller, String sessionId, Message message) {
        String key = sessionId + "#" + message.id();
        Sinks.Empty<Void> cancelled = Sinks.empty();
        inFlight.put(key, cancelled);
        return dispatcher
                .dispatch(caller, message.method(), message.params())
                .takeUntilOther(cancelled.asMono())
                .switchIfEmpty(Mono.error(() -> new GatewayError(REQUEST_CANCELLED, "The request was cancelled.")))
                .flatMap(result -> respond(request, McpJson.resultBytes(message.id(), result), null))
                .onErrorResume(GatewayError.class, e -> refusal(message.id(), e))
                .onErrorResume(
                        e -> !(e instanceof GatewayError),
                        e -> Mono.deferContextual(context -> {
                            RequestContext.inLoggingContext(
                                    context, () -> log.error("MCP {} failed unexpectedly", message.method(), e));
                            return failure(
                                    HttpStatus.OK,
                                    message.id(),
                                    JsonRpc.INTERNAL_ERROR,
                                    "Internal error; quote the correlation id.");
                        }))
                .doFinally(signal -> inFlight.remove(key));
    }

    private void cancelIfAsked(String sessionId, Message message) {
        if (McpMethods.NOTIFICATION_CANCELLED.equals(message.method()) && message.params() != null) {
            var sink = inFlight.get(sessionId + "#" + message.params().path("requestId"));
            if (sink != null) {
                sink.tryEmitEmpty();
            }
        }
    }

    /** JSON, unless the client lists text/event-stream before application/json: then a one-message SSE stream. */
    private static Mono<ServerResponse> respond(ServerRequest request, byte[] response, String newSessionId) {
        String accept = String.join(",", request.headers().header("Accept")).toLowerCase();
        int sse = accept.indexOf("text/event-stream");
        int json = accept.indexOf("application/json");
        if (sse >= 0 && json >= 0 && sse < json) {
            var status = ServerResponse.ok();
            if (newSessionId != null) {
                status.header(McpHttp.SESSION_ID, newSessionId);
            }
            var event = ServerSentEvent.builder(new String(response, StandardCharsets.UTF_8))
                    .event("message")
                    .build();
            return status.contentType(MediaType.TEXT_EVENT_STREAM)
                    .body(BodyInserters.fromServerSentEvents(Flux.just(event)));
        }
        return Mono.just(new JsonResponse(
                HttpStatus.OK, newSessionId == null ? null : McpHttp.SESSION_ID, newSessionId, response));
    }

    private static Mono<ServerResponse> refusal(JsonNode id, GatewayError error) {
        HttpStatus status =
                switch (error.code()) {
                    case JsonRpc.RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
                    case JsonRpc.OVERLOADED -> HttpStatus.SERVICE_UNAVAILABLE;
                    default -> HttpStatus.OK;
                };
        var response = ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON);
        Object retryAfter = error.data().get("retryAfterSeconds");
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter.toString());
        }
        return response.bodyValue(McpJson.bytes(McpJson.error(id, error)));
    }

    private static Mono<ServerResponse> unknownSession(JsonNode id) {
        return failure(
                HttpStatus.NOT_FOUND, id, JsonRpc.INVALID_REQUEST, "Unknown or ended session; initialize again.");
    }

    static Mono<ServerResponse> failure(HttpStatus status, JsonNode id, int code, String message) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(McpJson.bytes(McpJson.error(id, code, message, Map.of())));
    }

    private static Mono<ServerResponse> malformed(byte[] body) {
        boolean parsed = isJson(body);
        return failure(
                HttpStatus.BAD_REQUEST,
                null,
                parsed ? JsonRpc.INVALID_REQUEST : JsonRpc.PARSE_ERROR,
                parsed
                        ? "Not a single JSON-RPC 2.0 message (batches are not supported)."
                        : "The body is not valid JSON.");
    }

    private static boolean isJson(byte[] body) {
        try {
            return body.length > 0 && McpJson.parse(body) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** One JSON-RPC 2.0 object with a method (request or notification) or a result/error (a response). */
    private static Optional<Message> parse(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : McpJson.parse(body);
            if (node == null || !node.isObject() || !McpJson.isJsonRpc(node)) {
                return Optional.empty();
            }
            JsonNode id = node.get("id");
            if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
                return Optional.empty();
            }
            JsonNode method = node.get("method");
            if (method == null) {
                // A response to a request of ours: the bridge sends none, so there is nothing to match.
                return node.has("result") || node.has("error")
                        ? Optional.of(new Message(id, null, null))
                        : Optional.empty();
            }
            if (!method.isTextual()) {
                return Optional.empty();
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isObject() && !params.isNull()) {
                return Optional.empty();
            }
            return Optional.of(new Message(id, method.asText(), params));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean acceptsJsonAndEventStream(ServerRequest request) {
        var accepted = request.headers().accept();
        boolean json = accepted.stream()
                .anyMatch(type -> type.isWildcardType() || type.isCompatibleWith(MediaType.APPLICATION_JSON));
        boolean sse = accepted.stream()
                .anyMatch(type -> type.isWildcardType() || type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM));
        return json && sse;
    }
}
