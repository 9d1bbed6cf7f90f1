package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * A session with an upstream over HTTP, spoken to by the bridge's own client
 * ({@link StreamableHttpClient}): over Streamable HTTP, Home Assistant's stateless endpoint, where
 * every call is one POST and one JSON answer, and stateful servers, whose session id then travels
 * with every request; over the legacy HTTP+SSE pair, a server whose responses arrive on the
 * session's one event stream ({@link SseStream}), which the session holds open while it lasts.
 *
 * <p>The upstream's host is resolved once, as the session begins, and checked against the
 * destination policy (a user's own Home Assistant against the rules their connection was saved
 * under, an administrator's upstream against the addresses the bridge never connects to); every
 * request of the session, {@code initialize} included, goes to that one address, so a name that
 * is re-pointed later does not reach the session.
 *
 * <p>When a stateful upstream forgets the session (it restarted), it refuses the request unread
 * (404, or 400 to a request that named a session): the session initializes again and the request
 * goes once more, which does nothing twice.
 */
final class HttpSession extends UpstreamSession {

    /** How long ending a stateful session ({@code DELETE}) may take. */
    static final Duration END_WAIT = Duration.ofSeconds(3);

    private final StreamableHttpClient client;
    private final Mono<StreamableHttpClient.Endpoint> endpoint;
    private final AtomicReference<Mono<StreamableHttpClient.Initialized>> ready = new AtomicReference<>();
    private volatile StreamableHttpClient.Initialized initialized;
    private volatile SseStream stream;

    HttpSession(UpstreamDefinition definition, StreamableHttpClient client, Pinning pinning) {
        super(definition);
        this.client = client;
        var url = URI.create(definition.url());
        this.endpoint = (definition.guarded() ? pinning.pin(url) : pinning.pinShared(url))
                .map(address -> client.pinned(definition, address))
                .flatMap(pinned -> definition.transport() == UpstreamDefinition.Transport.SSE
                        ? client.withStream(pinned, this::onResponse, opened -> stream = opened)
                        : Mono.just(pinned))
                .cache();
        this.ready.set(initialization());
    }

    private Mono<StreamableHttpClient.Initialized> initialization() {
        return endpoint.flatMap(pinned -> client.initialize(pinned, nextCall(), this::onResponse))
                .doOnNext(result -> initialized = result)
                .doOnError(error -> markBroken())
                .cache();
    }

    @Override
    Mono<ToolResult> callTool(McpSchema.CallToolRequest request, boolean readOnly, Deadline deadline) {
        return attempt(
                readOnly,
                deadline,
                (session, call) -> client.call(
                        session.endpoint(), session.result().protocolVersion(), call, request, this::onResponse));
    }

    @Override
    Mono<List<McpSchema.Tool>> listTools(int mostPages, Deadline deadline) {
        return attempt(
                true,
                deadline,
                (session, call) -> client.listTools(
                        session.endpoint(), session.result().protocolVersion(), call, mostPages, this::onResponse));
    }

    /**
     * One request of a new call within the deadline, once the session is initialized (at once when
     * it already is: the hot path of a tool call takes nothing else).
     */
    private <T> Mono<T> attempt(
            boolean readOnly, Deadline deadline, BiFunction<StreamableHttpClient.Initialized, Long, Mono<T>> request) {
        return attempt(
                readOnly,
                deadline,
                (call, sent) -> {
                    var known = initialized;
                    var current = known != null ? Mono.just(known) : ready.get();
                    return current.flatMap(session -> {
                        sent.run();
                        return request.apply(session, call)
                                .onErrorResume(error -> forgotten(session, error), error -> again(session)
                                        .flatMap(renewed -> request.apply(renewed, call)));
                    });
                },
                call -> null);
    }

    /** Whether the upstream refused a request unread because it no longer knows the session it named. */
    private static boolean forgotten(StreamableHttpClient.Initialized session, Throwable error) {
        return session.endpoint().sessionId() != null
                && error instanceof StreamableHttpClient.NoAnswer noAnswer
                && (noAnswer.httpStatus == 404 || noAnswer.httpStatus == 400);
    }

    /** A new initialization in place of {@code stale}'s, shared by every call that found it stale. */
    private Mono<StreamableHttpClient.Initialized> again(StreamableHttpClient.Initialized stale) {
        synchronized (ready) {
            if (initialized == stale) {
                initialized = null;
                ready.set(initialization());
            }
            return ready.get();
        }
    }

    @Override
    boolean failed() {
        var events = stream;
        return super.failed() || (events != null && events.ended());
    }

    /** A rejected credential also fails every call waiting on the event stream, at once. */
    @Override
    void onResponse(long call, int status) {
        var events = stream;
        if (events != null && (status == 401 || status == 403)) {
            events.end(new Failures.CredentialRejected(status));
        }
        super.onResponse(call, status);
    }

    /**
     * A stateful session is ended with a {@code DELETE}, as the transport asks, and an event
     * stream by closing it; a stateless session holds nothing.
     */
    @Override
    Mono<Void> end() {
        var events = stream;
        if (events != null) {
            events.end(new StreamableHttpClient.NoAnswer("the session was closed"));
        }
        var known = initialized;
        if (known == null || known.endpoint().sessionId() == null) {
            return Mono.empty();
        }
        return client.end(known.endpoint()).timeout(END_WAIT).onErrorComplete();
    }
}
