package dev.hamcp.bridge.runtime.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hamcp.bridge.runtime.mcp.McpProperties;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.server.McpDispatcher;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.McpMethods;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * The legacy HTTP+SSE transport (revision 2024-11-05) for older clients: {@code GET /sse} opens a
 * stream whose first event names the URL to POST to; every answer travels on that stream. A
 * stream lives on the node that opened it, so its messages must reach that node.
 */
@Component
class LegacySseEndpoint {

    private static final Logger log = LoggerFactory.getLogger(LegacySseEndpoint.class);
    private static final List<String> VERSIONS = java.util.stream.Stream.concat(
                    McpMethods.PROTOCOL_VERSIONS.stream(), java.util.stream.Stream.of(McpMethods.HTTP_SSE_VERSION))
            .toList();

    private record Stream(String userId, Sinks.Many<ServerSentEvent<String>> events) {}

    private final McpRequests requests;
    private final McpDispatcher dispatcher;
    private final McpProperties properties;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    LegacySseEndpoint(McpRequests requests, McpDispatcher dispatcher, McpProperties properties) {
        this.requests = requests;
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    int openStreams() {
        return streams.size();
    }

    Mono<ServerResponse> open(ServerRequest request) {
        if (!requests.originAllowed(request)) {
            return StreamableHttpEndpoint.failure(
                    HttpStatus.FORBIDDEN, null, JsonRpc.INVALID_REQUEST, "This Origin may not use the MCP endpoint.");
        }
        return requests.caller(request).flatMap(caller -> {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            Sinks.Many<ServerSentEvent<String>> events = Sinks.many().unicast().onBackpressureBuffer();
            streams.put(id, new Stream(caller.userId(), events));
            var endpoint = ServerSentEvent.builder("/message?sessionId=" + id)
                    .event("endpoint")
                    .build();
            Flux<ServerSentEvent<String>> pings = Flux.interval(properties.ssePingInterval())
                    .map(tick ->
                            ServerSentEvent.<String>builder().comment("ping").build());
            Flux<ServerSentEvent<String>> stream = Flux.concat(Flux.just(endpoint), Flux.merge(events.asFlux(), pings))
                    .doFinally(signal -> streams.remove(id));
            return ServerResponse.ok()
                    .contentType(MediaType.TEXT_EVENT_STREAM)
                    .body(BodyInserters.fromServerSentEvents(stream));
        });
    }

    Mono<ServerResponse> message(ServerRequest request) {
        if (!requests.originAllowed(request)) {
            return StreamableHttpEndpoint.failure(
                    HttpStatus.FORBIDDEN, null, JsonRpc.INVALID_REQUEST, "This Origin may not use the MCP endpoint.");
        }
        String id = request.queryParam("sessionId").orElse("");
        return requests.caller(request).flatMap(caller -> {
            Stream stream = streams.get(id);
            if (stream == null || !stream.userId().equals(caller.userId())) {
                return StreamableHttpEndpoint.failure(
                        HttpStatus.NOT_FOUND, null, JsonRpc.INVALID_REQUEST, "Unknown or closed SSE session.");
            }
            return requests.body(request)
                    .flatMap(body -> accept(caller, stream, body))
                    .onErrorResume(
                            DataBufferLimitException.class,
                            e -> StreamableHttpEndpoint.failure(
                                    HttpStatus.CONTENT_TOO_LARGE,
                                    null,
                                    JsonRpc.INVALID_REQUEST,
                                    "The message is larger than the bridge accepts."));
        });
    }

    private Mono<ServerResponse> accept(Caller caller, Stream stream, byte[] body) {
        JsonNode message;
        try {
            message = McpJson.parse(body);
        } catch (IOException e) {
            return StreamableHttpEndpoint.failure(
                    HttpStatus.BAD_REQUEST, null, JsonRpc.PARSE_ERROR, "The body is not valid JSON.");
        }
        if (message == null || !message.isObject() || !McpJson.isJsonRpc(message)) {
            return StreamableHttpEndpoint.failure(
                    HttpStatus.BAD_REQUEST, null, JsonRpc.INVALID_REQUEST, "Not a single JSON-RPC 2.0 message.");
        }
        JsonNode id = message.get("id");
        String method = message.path("method").asText(null);
        if (id != null && method != null) {
            answer(caller, id, method, message.get("params")).subscribe(response -> stream.events()
                    .tryEmitNext(ServerSentEvent.builder(response.toString())
                            .event("message")
                            .build()));
        }
        return ServerResponse.accepted().build();
    }

    private Mono<JsonNode> answer(Caller caller, JsonNode id, String method, JsonNode params) {
        if (McpMethods.INITIALIZE.equals(method)) {
            return Mono.just(McpJson.result(id, dispatcher.initialize(McpDispatcher.negotiate(params, VERSIONS))));
        }
        return dispatcher
                .dispatch(caller, method, params)
                .map(result -> (JsonNode) McpJson.result(id, result))
                .onErrorResume(GatewayError.class, e -> Mono.just(McpJson.error(id, e)))
                .onErrorResume(
                        e -> !(e instanceof GatewayError),
                        e -> Mono.deferContextual(context -> {
                            RequestContext.inLoggingContext(
                                    context, () -> log.error("MCP {} over SSE failed unexpectedly", method, e));
                            return Mono.just(McpJson.error(id, JsonRpc.INTERNAL_ERROR, "Internal error.", Map.of()));
                        }));
    }
}
