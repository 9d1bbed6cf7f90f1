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
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code tools/call} to a stateless Streamable HTTP upstream (Home Assistant's {@code /api/mcp})
 * as one pooled HTTP POST of the JSON-RPC request, its answer read in one pass and
 * its result relayed as the upstream wrote it ({@link JsonRpcAnswer}).
 *
 * <p>Why not the SDK client here: for a server that keeps no session, each call is exactly one
 * POST and one JSON answer, and the SDK's client (pending-request map, session transport, message
 * routing) cost several times what the call itself does; its JDK {@code HttpClient} completes
 * every answer on the common pool (one thread on two cores); and its transport keeps a record of
 * about one call in five for the life of the session (see docs/performance.md). A session still
 * initializes through the SDK, and only an upstream whose {@code initialize} answer named no
 * {@code Mcp-Session-Id} is called this way; stateful servers, legacy SSE and stdio keep the SDK.
 *
 * <p>Guarded upstreams (users' own Home Assistants) are the exception: the JDK {@code HttpClient}
 * under the SDK resolves host names itself on every connection and cannot be given an address, so
 * their sessions never use the SDK. {@code initialize} and {@code tools/list} go out here too,
 * through a client bound to the one address the session pinned ({@link #pinned}), exactly as the
 * connection test sends them.
 *
 * <p>The requests go out on Reactor Netty, on the event loops the bridge's own server runs on, so
 * an answer is handled on the thread that sent the request. Redirects are not followed (one would
 * carry the upstream's token wherever it points), and a pooled connection idle for longer than
 * {@link #MOST_IDLE} is closed before a server's keep-alive timeout can close it under a request.
 */
final class StatelessToolCalls implements AutoCloseable {

    /** Shorter than the keep-alive timeout of common servers (aiohttp 75 s, the JDK's 30 s). */
    static final Duration MOST_IDLE = Duration.ofSeconds(20);

    /**
     * Where one upstream's requests go, worked out once per session rather than once per call.
     *
     * @param http the client to send with: the shared one, or for a guarded upstream one bound to
     *     the address its session pinned
     * @param uri the endpoint, for the shared client, which resolves its host itself
     * @param path the endpoint's path, for a pinned client (which never resolves); null otherwise
     * @param sessionId the session a stateful server named in its {@code initialize} answer, if any
     */
    record Endpoint(HttpClient http, URI uri, String path, String authorization, String sessionId) {

        Endpoint withSession(String id) {
            return new Endpoint(http, uri, path, authorization, id);
        }

        @Override
        public String toString() {
            return "Endpoint[" + uri + (path == null ? "" : ", pinned") + "]";
        }
    }

    /** A guarded upstream's {@code initialize} answer, and the endpoint to use from then on. */
    record Initialized(Endpoint endpoint, McpSchema.InitializeResult result) {}

    /** What each answer tells its session: its status, for a rejected credential. */
    interface Observer {
        void onResponse(long call, int status);
    }

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

    StatelessToolCalls(Duration connectTimeout) {
        this(connectTimeout, null);
    }

    /** @param trust the TLS client context for pinned https upstreams instead of the JDK's trusted authorities (tests); null for those */
    StatelessToolCalls(Duration connectTimeout, SslContext trust) {
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

    /** The upstream at its URL, its host resolved by Reactor Netty for each new connection (administrators' upstreams). */
    Endpoint endpoint(UpstreamDefinition upstream) {
        return new Endpoint(http, URI.create(upstream.url()), null, authorization(upstream), null);
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
        return new Endpoint(client, uri, path, authorization(upstream), null);
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
            Observer observer) {
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
     * Opens a guarded upstream's session the way the SDK would: {@code initialize} (as call number
     * {@code call}), then {@code notifications/initialized}. Errors as {@link #call}, and a
     * {@link NoAnswer} for a protocol version the bridge does not speak.
     */
    Mono<Initialized> initialize(Endpoint upstream, long call, Observer observer) {
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
                    if (!McpMethods.PROTOCOL_VERSIONS.contains(version)) {
                        return Mono.error(new NoAnswer("an unsupported protocol version"));
                    }
                    return post(
                                    initialized.endpoint(),
                                    version,
                                    call,
                                    () -> INITIALIZED_NOTIFICATION,
                                    observer,
                                    StatelessToolCalls::accepted)
                            .thenReturn(initialized);
                });
    }

    /** Every page of the upstream's tools, at most {@code mostPages} of them, each page a request with id {@code call}. */
    Mono<List<McpSchema.Tool>> listTools(
            Endpoint upstream, String protocolVersion, long call, int mostPages, Observer observer) {
        return toolsPage(upstream, protocolVersion, call, null, observer)
                .expand(page -> page.nextCursor() == null || page.nextCursor().isEmpty()
                        ? Mono.empty()
                        : toolsPage(upstream, protocolVersion, call, page.nextCursor(), observer))
                .take(mostPages)
                .concatMapIterable(page -> page.tools() == null ? List.<McpSchema.Tool>of() : page.tools())
                .collectList();
    }

    private Mono<McpSchema.ListToolsResult> toolsPage(
            Endpoint upstream, String protocolVersion, long call, String cursor, Observer observer) {
        Map<String, Object> params = cursor == null ? Map.of() : Map.of("cursor", cursor);
        return post(
                upstream,
                protocolVersion,
                call,
                () -> McpJson.bytes(new Request(JsonRpc.VERSION, call, McpMethods.TOOLS_LIST, params)),
                observer,
                answer -> result(answered(call, answer), LIST_TOOLS_RESULT));
    }

    /** One POST of one JSON-RPC message; {@code reader} makes sense of every answer but a rejected credential. */
    private <R> Mono<R> post(
            Endpoint upstream,
            String protocolVersion,
            long call,
            Supplier<byte[]> message,
            Observer observer,
            Reader<R> reader) {
        return Mono.defer(() -> {
            byte[] body = message.get();
            var post = upstream.http().post();
            var target = upstream.path() == null ? post.uri(upstream.uri()) : post.uri(upstream.path());
            var sent = target.send((request, out) -> {
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
            return McpHttp.exchange(sent)
                    .onErrorMap(McpHttp.TooLarge.class, tooLarge -> new NoAnswer(tooLarge.getMessage()))
                    .map(answer -> {
                        observer.onResponse(call, answer.status());
                        if (answer.status() == 401 || answer.status() == 403) {
                            throw new Failures.CredentialRejected(answer.status());
                        }
                        return reader.read(answer);
                    });
        });
    }

    @Override
    public void close() {
        connections.dispose();
    }

    private static String authorization(UpstreamDefinition upstream) {
        String token = upstream.bearerToken();
        return token == null || token.isBlank() ? null : "Bearer " + token;
    }

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
