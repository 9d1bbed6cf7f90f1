package dev.hamcp.bridge.runtime.mcp.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.McpMethods;
import io.modelcontextprotocol.spec.McpSchema;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code tools/call} to a stateless Streamable HTTP upstream (Home Assistant's {@code /api/mcp})
 * as one pooled HTTP POST of the JSON-RPC request, its answer parsed once.
 *
 * <p>Why not the SDK client here: for a server that keeps no session, each call is exactly one
 * POST and one JSON answer, and the SDK's client (pending-request map, session transport, message
 * routing) cost several times what the call itself does; its JDK {@code HttpClient} completes
 * every answer on the common pool (one thread on two cores); and its transport keeps a record of
 * about one call in five for the life of the session (see docs/performance.md). A session still
 * initializes through the SDK, and only an upstream whose {@code initialize} answer named no
 * {@code Mcp-Session-Id} is called this way; stateful servers, legacy SSE and stdio keep the SDK.
 *
 * <p>The requests go out on Reactor Netty, on the event loops the bridge's own server runs on, so
 * an answer is handled on the thread that sent the request. Redirects are not followed (one would
 * carry the upstream's token wherever it points), and a pooled connection idle for longer than
 * {@link #MOST_IDLE} is closed before a server's keep-alive timeout can close it under a request.
 */
final class StatelessToolCalls implements AutoCloseable {

    /** Shorter than the keep-alive timeout of common servers (aiohttp 75 s, the JDK's 30 s). */
    static final Duration MOST_IDLE = Duration.ofSeconds(20);

    /** The SDK's own bound on one answer. */
    static final int MOST_BYTES = 16 * 1024 * 1024;

    private static final String ACCEPT = "application/json, text/event-stream";

    /** Where one upstream's calls go, worked out once per session rather than once per call. */
    record Endpoint(URI uri, String authorization) {

        static Endpoint of(UpstreamDefinition upstream) {
            String token = upstream.bearerToken();
            return new Endpoint(
                    URI.create(upstream.url()), token == null || token.isBlank() ? null : "Bearer " + token);
        }

        @Override
        public String toString() {
            return "Endpoint[" + uri + "]";
        }
    }

    /** What each answer tells its session: its status, for a rejected credential. */
    interface Observer {
        void onResponse(long call, int status);
    }

    /** The request as it goes on the wire. */
    private record Request(String jsonrpc, long id, String method, McpSchema.CallToolRequest params) {}

    /** A JSON-RPC response to a {@code tools/call}; anything else in it is ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Answer(JsonNode id, McpSchema.CallToolResult result, AnswerError error) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record AnswerError(Integer code, String message, Object data) {}

    /** An answer that is no answer: an HTTP error status, no body, or a body that is not the response. */
    static final class NoAnswer extends RuntimeException {
        /** The HTTP status when it was an error status, else 0. */
        final int httpStatus;

        NoAnswer(String message) {
            this(message, 0);
        }

        NoAnswer(String message, int httpStatus) {
            super(message, null, false, false);
            this.httpStatus = httpStatus;
        }
    }

    private final ConnectionProvider connections;
    private final HttpClient http;

    StatelessToolCalls(Duration connectTimeout) {
        this.connections = ConnectionProvider.builder("bridge-upstreams")
                .maxConnections(1024)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(MOST_IDLE)
                .build();
        this.http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
                .followRedirect(false);
    }

    /**
     * Sends {@code request} as call number {@code call} of a session that negotiated {@code protocolVersion}.
     * Errors: the upstream's JSON-RPC error as the SDK's {@link io.modelcontextprotocol.spec.McpError};
     * a 401 or 403 as {@link Failures.CredentialRejected}; any other answer that is none as
     * {@link NoAnswer}; connection failures as Reactor Netty reports them.
     */
    Mono<McpSchema.CallToolResult> call(
            Endpoint upstream,
            String protocolVersion,
            long call,
            McpSchema.CallToolRequest request,
            Observer observer) {
        return Mono.defer(() -> {
            byte[] body = McpJson.bytes(new Request(JsonRpc.VERSION, call, McpMethods.TOOLS_CALL, request));
            return http.post()
                    .uri(upstream.uri())
                    .send((post, out) -> {
                        post.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .header(HttpHeaderNames.ACCEPT, ACCEPT)
                                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                                .header("MCP-Protocol-Version", protocolVersion);
                        if (upstream.authorization() != null) {
                            post.header(HttpHeaderNames.AUTHORIZATION, upstream.authorization());
                        }
                        return out.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
                    })
                    .response((response, content) -> {
                        int status = response.status().code();
                        observer.onResponse(call, status);
                        if (status == 401 || status == 403) {
                            return Mono.error(new Failures.CredentialRejected(status));
                        }
                        if (status != 200) {
                            return Mono.error(new NoAnswer("HTTP " + status, status));
                        }
                        String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
                        return content.asByteArray()
                                .collect(ByteArrayOutputStream::new, StatelessToolCalls::append)
                                .map(bytes -> result(call, type, bytes.toByteArray()));
                    })
                    .next();
        });
    }

    @Override
    public void close() {
        connections.dispose();
    }

    /** As the SDK's transport, a bound on one answer, against an upstream that never stops sending. */
    private static void append(ByteArrayOutputStream answer, byte[] chunk) {
        if (answer.size() + chunk.length > MOST_BYTES) {
            throw new NoAnswer("an answer larger than " + MOST_BYTES + " bytes");
        }
        answer.writeBytes(chunk);
    }

    private static McpSchema.CallToolResult result(long call, String contentType, byte[] body) {
        if (body.length == 0) {
            throw new NoAnswer("an empty answer");
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        Answer answer;
        if (type.startsWith("application/json")) {
            answer = answer(body);
        } else if (type.startsWith("text/event-stream")) {
            answer = fromEventStream(call, body);
        } else {
            throw new NoAnswer("an answer of type " + contentType);
        }
        if (answer == null || !isFor(answer, call)) {
            throw new NoAnswer("no response to this request in the answer");
        }
        if (answer.error() != null) {
            var error = answer.error();
            throw new io.modelcontextprotocol.spec.McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                    error.code() == null ? JsonRpc.INTERNAL_ERROR : error.code(), error.message(), error.data()));
        }
        if (answer.result() == null) {
            throw new NoAnswer("a response without a result");
        }
        return answer.result();
    }

    /** The response to {@code call} among the messages of a short SSE stream (one event per message). */
    private static Answer fromEventStream(long call, byte[] body) {
        var data = new StringBuilder();
        for (String line : (new String(body, StandardCharsets.UTF_8) + "\n\n").split("\r?\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5)).append('\n');
            } else if (line.isEmpty() && !data.isEmpty()) {
                var answer = answer(data.toString().getBytes(StandardCharsets.UTF_8));
                if (answer != null && isFor(answer, call) && (answer.result() != null || answer.error() != null)) {
                    return answer;
                }
                data.setLength(0);
            }
        }
        return null;
    }

    private static Answer answer(byte[] json) {
        try {
            return McpJson.MAPPER.readValue(json, Answer.class);
        } catch (IOException e) {
            throw new NoAnswer("an answer that is not a JSON-RPC response");
        }
    }

    private static boolean isFor(Answer answer, long call) {
        var id = answer.id();
        return id != null
                && ((id.isIntegralNumber() && id.asLong() == call)
                        || (id.isTextual() && id.asText().equals(Long.toString(call))));
    }
}
