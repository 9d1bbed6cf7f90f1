package dev.hamcp.bridge.runtime.mcp.upstream;

import com.fasterxml.jackson.databind.JavaType;
import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpHttp;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.McpMethods;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The bridge's own MCP client for Streamable HTTP upstreams ({@link HttpSession}): each request one
 * pooled HTTP POST of one JSON-RPC message, its answer read in one pass ({@link McpHttp}), a tool's
 * result relayed as the upstream wrote it ({@link JsonRpcAnswer}).
 *
 * <p>Why not the SDK's client: for Streamable HTTP each request is one POST and one answer (JSON,
 * or a short SSE stream that ends with the response), and the SDK's client (pending-request map,
 * session transport, message routing) cost several times what the call itself does; its JDK
 * {@code HttpClient} completes every answer on the common pool (one thread on two cores), keeps a
 * record of about one call in five for the life of the session (see docs/performance.md), and
 * resolves host names itself for every connection, so it cannot be held to the address a session
 * pinned. The bridge offers no client capabilities, so no server sends it requests of its own.
 *
 * <p>Every client is bound to the one address its session pinned ({@link #pinned}). The requests
 * go out on Reactor Netty, on the event loops the bridge's own server runs on, so an answer is
 * handled on the thread that sent the request. Redirects are not followed (one would carry the
 * upstream's token wherever it points), and a pooled connection idle for longer than
 * {@link #MOST_IDLE} is closed before a server's keep-alive timeout can close it under a request.
 */
final class StreamableHttpClient implements AutoCloseable {

    /** Shorter than the keep-alive timeout of common servers (aiohttp 75 s, the JDK's 30 s). */
    static final Duration MOST_IDLE = Duration.ofSeconds(20);

    /**
     * Where one upstream's requests go, worked out once per session rather than once per call.
     *
     * @param http the client to send with, bound to the address the session pinned
     * @param uri the endpoint as configured
     * @param path the endpoint's path
     * @param sessionId the session a stateful server named in its {@code initialize} answer, if any
     * @param stream for a legacy HTTP+SSE upstream, the event stream its responses arrive on
     */
    record Endpoint(HttpClient http, URI uri, String path, String authorization, String sessionId, SseStream stream) {

        Endpoint withSession(String id) {
            return new Endpoint(http, uri, path, authorization, id, stream);
        }

        Endpoint withStream(SseStream events) {
            return new Endpoint(http, uri, path, authorization, sessionId, events);
        }

        @Override
        public String toString() {
            return "Endpoint[" + uri + "]";
        }
    }

    /** An upstream's {@code initialize} answer, and the endpoint to use from then on. */
    record Initialized(Endpoint endpoint, McpSchema.InitializeResult result) {}

    /** The request as it goes on the wire. */
    private record Request(String jsonrpc, long id, String method, Object params) {}

    private static final JavaType INITIALIZE_RESULT = McpJson.MAPPER.constructType(McpSchema.InitializeResult.class);
    private static final JavaType LIST_TOOLS_RESULT = McpJson.MAPPER.constructType(McpSchema.ListToolsResult.class);

    private static final byte[] INITIALIZED_NOTIFICATION =
            McpJson.bytes(Map.of("jsonrpc", JsonRpc.VERSION, "method", McpSchema.METHOD_NOTIFICATION_INITIALIZED));

    /** Reads an answer whose status was neither 401 nor 403. */
    private interface Reader<R> {
        R read(McpHttp.Answer answer);
    }

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
    private final SslContext trust;

    StreamableHttpClient(Duration connectTimeout) {
        this(connectTimeout, null);
    }

    /** @param trust the TLS client context for pinned https upstreams instead of the JDK's trusted authorities (tests); null for those */
    StreamableHttpClient(Duration connectTimeout, SslContext trust) {
        this.trust = trust;
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
     * The upstream at {@code address} only, as the connection test reaches it: the URL's host and
     * port in the {@code Host} header, and for https the certificate checked against the URL's host
     * name, which the pinned address carries (and sends as SNI). Connections stay pooled, keyed by
     * host name and address, so a session pinned elsewhere never reuses them.
     */
    Endpoint pinned(UpstreamDefinition upstream, InetSocketAddress address) {
        var uri = URI.create(upstream.url());
        var client = http.remoteAddress(() -> address)
                .headers(headers -> headers.set(HttpHeaderNames.HOST, uri.getRawAuthority()));
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            client = trust == null ? client.secure() : client.secure(spec -> spec.sslContext(trust));
        }
        var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new Endpoint(client, uri, path, authorization(upstream), null, null);
    }

    /**
     * A legacy HTTP+SSE upstream's endpoint with its event stream open, once the stream has named
     * where messages go; the stream is handed to {@code opened} at once, for its session to close.
     */
    Mono<Endpoint> withStream(Endpoint upstream, ResponseObserver observer, Consumer<SseStream> opened) {
        return Mono.defer(() -> {
            var stream = new SseStream(upstream, observer);
            opened.accept(stream);
            return stream.messagePath().thenReturn(upstream.withStream(stream));
        });
    }

    /**
     * Sends {@code request} as call number {@code call} of a session that negotiated
     * {@code protocolVersion}; the tool's result arrives as the upstream wrote it, read but not
     * decoded. Errors: the upstream's JSON-RPC error as the SDK's
     * {@link McpError}; a 401 or 403 as
     * {@link Failures.CredentialRejected}; any other answer that is none as {@link NoAnswer};
     * connection failures as Reactor Netty reports them.
     */
    Mono<ToolResult> call(
            Endpoint upstream,
            String protocolVersion,
            long call,
            McpSchema.CallToolRequest request,
            ResponseObserver observer) {
        return post(
                upstream,
                protocolVersion,
                call,
                () -> McpJson.bytes(new Request(JsonRpc.VERSION, call, McpMethods.TOOLS_CALL, request)),
                observer,
                answer -> {
                    var response = answered(call, answer);
                    return new ToolResult(response.isError(), response.resultJson());
                });
    }

    /**
     * Opens a session the way the SDK would: {@code initialize} (as call number
     * {@code call}), then {@code notifications/initialized}. Errors as {@link #call}, and a
     * {@link NoAnswer} for a protocol version the bridge does not speak.
     */
    Mono<Initialized> initialize(Endpoint upstream, long call, ResponseObserver observer) {
        var request = new McpSchema.InitializeRequest(
                McpMethods.PROTOCOL_VERSIONS.getFirst(), ClientFactory.CAPABILITIES, ClientFactory.CLIENT_INFO);
        return post(
                        upstream,
                        null,
                        call,
                        () -> McpJson.bytes(new Request(JsonRpc.VERSION, call, McpMethods.INITIALIZE, request)),
                        observer,
                        answer -> new Initialized(
                                answer.sessionId() == null ? upstream : upstream.withSession(answer.sessionId()),
                                result(answered(call, answer), INITIALIZE_RESULT)))
                .flatMap(initialized -> {
                    var version = initialized.result().protocolVersion();
                    if (!McpMethods.PROTOCOL_VERSIONS.contains(version)
                            && !(upstream.stream() != null && McpMethods.HTTP_SSE_VERSION.equals(version))) {
                        return Mono.error(new NoAnswer("an unsupported protocol version"));
                    }
                    return post(
                                    initialized.endpoint(),
                                    version,
                                    call,
                                    () -> INITIALIZED_NOTIFICATION,
                                    observer,
                                    NOTIFICATION)
                            .thenReturn(initialized);
                });
    }

    /** Every page of the upstream's tools, at most {@code mostPages} of them, each page a request with id {@code call}. */
    Mono<List<McpSchema.Tool>> listTools(
            Endpoint upstream, String protocolVersion, long call, int mostPages, ResponseObserver observer) {
        return toolsPage(upstream, protocolVersion, call, null, observer)
                .expand(page -> page.nextCursor() == null || page.nextCursor().isEmpty()
                        ? Mono.empty()
                        : toolsPage(upstream, protocolVersion, call, page.nextCursor(), observer))
                .take(mostPages)
                .concatMapIterable(page -> page.tools() == null ? List.<McpSchema.Tool>of() : page.tools())
                .collectList();
    }

    private Mono<McpSchema.ListToolsResult> toolsPage(
            Endpoint upstream, String protocolVersion, long call, String cursor, ResponseObserver observer) {
        Map<String, Object> params = cursor == null ? Map.of() : Map.of("cursor", cursor);
        return post(
                upstream,
                protocolVersion,
                call,
                () -> McpJson.bytes(new Request(JsonRpc.VERSION, call, McpMethods.TOOLS_LIST, params)),
                observer,
                answer -> result(answered(call, answer), LIST_TOOLS_RESULT));
    }

    /**
     * One POST of one JSON-RPC message; {@code reader} makes sense of every answer but a rejected
     * credential. For a legacy HTTP+SSE upstream the message goes to the URL its stream named, and
     * a request's answer is its response on the stream.
     */
    private <R> Mono<R> post(
            Endpoint upstream,
            String protocolVersion,
            long call,
            Supplier<byte[]> message,
            ResponseObserver observer,
            Reader<R> reader) {
        return Mono.defer(() -> {
                    byte[] body = message.get();
                    var stream = upstream.stream();
                    if (stream == null) {
                        return McpHttp.exchange(send(upstream, upstream.path(), protocolVersion, body));
                    }
                    return stream.messagePath().flatMap(path -> {
                        var posted = McpHttp.exchange(send(upstream, path, protocolVersion, body));
                        // Only a notification's answer is the post's own (its reader is accepted()).
                        return reader == (Reader<?>) NOTIFICATION ? posted : stream.exchange(call, posted);
                    });
                })
                .onErrorMap(McpHttp.TooLarge.class, tooLarge -> new NoAnswer(tooLarge.getMessage()))
                .map(answer -> {
                    observer.onResponse(call, answer.status());
                    if (answer.status() == 401 || answer.status() == 403) {
                        throw new Failures.CredentialRejected(answer.status());
                    }
                    return reader.read(answer);
                });
    }

    private static HttpClient.ResponseReceiver<?> send(
            Endpoint upstream, String path, String protocolVersion, byte[] body) {
        return upstream.http().post().uri(path).send((request, out) -> {
            request.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .header(HttpHeaderNames.ACCEPT, McpHttp.ACCEPT)
                    .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
            if (protocolVersion != null) {
                request.header(McpHttp.PROTOCOL_VERSION, protocolVersion);
            }
            if (upstream.authorization() != null) {
                request.header(HttpHeaderNames.AUTHORIZATION, upstream.authorization());
            }
            if (upstream.sessionId() != null) {
                request.header(McpHttp.SESSION_ID, upstream.sessionId());
            }
            return out.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
        });
    }

    /** Ends a stateful session: {@code DELETE} with its id, the answer's status aside. */
    Mono<Void> end(Endpoint upstream) {
        return upstream.http()
                .headers(headers -> {
                    headers.set(McpHttp.SESSION_ID, upstream.sessionId());
                    if (upstream.authorization() != null) {
                        headers.set(HttpHeaderNames.AUTHORIZATION, upstream.authorization());
                    }
                })
                .delete()
                .uri(upstream.path())
                .response()
                .then();
    }

    @Override
    public void close() {
        connections.dispose();
    }

    private static String authorization(UpstreamDefinition upstream) {
        String token = upstream.bearerToken();
        return token == null || token.isBlank() ? null : "Bearer " + token;
    }

    /** How a notification's answer is read: the one answer that is the post's own on every transport. */
    private static final Reader<Boolean> NOTIFICATION = StreamableHttpClient::accepted;

    /** A notification's answer: 202 (or any success), its body, if any, ignored. */
    private static Boolean accepted(McpHttp.Answer answer) {
        if (answer.status() / 100 != 2) {
            throw new NoAnswer("HTTP " + answer.status(), answer.status());
        }
        return Boolean.TRUE;
    }

    /** The response to {@code call}, with a result: anything else is an error or no answer. */
    private static JsonRpcAnswer answered(long call, McpHttp.Answer http) {
        if (http.status() != 200) {
            throw new NoAnswer("HTTP " + http.status(), http.status());
        }
        var answer = answer(call, http);
        if (answer.error() != null) {
            var error = answer.error();
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                    error.code() == null ? JsonRpc.INTERNAL_ERROR : error.code(), error.message(), error.data()));
        }
        if (!answer.hasResult()) {
            throw new NoAnswer("a response without a result");
        }
        return answer;
    }

    private static <R> R result(JsonRpcAnswer answer, JavaType type) {
        try {
            return answer.result(type);
        } catch (IOException e) {
            throw new NoAnswer("a result that is not what the method answers");
        }
    }

    /** The response to {@code call} in the answer: the JSON body, or one message of a short SSE stream. */
    private static JsonRpcAnswer answer(long call, McpHttp.Answer http) {
        if (http.body().length == 0) {
            throw new NoAnswer("an empty answer");
        }
        if (!McpHttp.isMessageType(http.contentType())) {
            throw new NoAnswer("an answer of type " + http.contentType());
        }
        for (byte[] message : McpHttp.messages(http)) {
            var answer = parse(message, call);
            if (answer.forCall() && (answer.hasResult() || answer.error() != null)) {
                return answer;
            }
        }
        throw new NoAnswer("no response to this request in the answer");
    }

    private static JsonRpcAnswer parse(byte[] json, long call) {
        try {
            return JsonRpcAnswer.read(json, call);
        } catch (IOException e) {
            throw new NoAnswer("an answer that is not a JSON-RPC response");
        }
    }
}
