package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One initialized connection to an upstream (an HTTP session, or one stdio process), shared by
 * the calls the pool hands it. It initializes once, fails every waiting call at once when the
 * upstream rejects the bridge's credential or its process ends, and is thrown away after any
 * failure but a timeout. A Streamable HTTP upstream whose {@code initialize} answer named no
 * session (Home Assistant's) gets its tool calls as plain POSTs ({@link StatelessToolCalls});
 * everything else goes through the SDK client.
 *
 * <p>A guarded upstream (a user's own Home Assistant) resolves its host once, as the session
 * initializes, refuses an address the destination policy forbids, and sends every request of the
 * session, {@code initialize} included, to the address it pinned; it never uses the SDK client,
 * whose JDK {@code HttpClient} would resolve the name again for each connection.
 */
final class UpstreamSession {

    /** Where a call's number travels in the Reactor context to the request customizer. */
    static final String CALL_KEY = "dev.hamcp.bridge.upstream-call";

    /** How long a process may take to stop after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final UpstreamDefinition definition;
    private final boolean guarded;
    private final McpAsyncClient client;
    private final ScrubbedStdioTransport stdio;
    private final StatelessToolCalls stateless;
    private volatile StatelessToolCalls.Endpoint endpoint;
    private final Mono<McpSchema.InitializeResult> ready;
    private final Mono<Object> interruptions;
    private final Sinks.One<Void> rejected = Sinks.one();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong sdkCalls = new AtomicLong();
    private final long retireAfterCalls;
    private final Set<Long> refusedUnread = ConcurrentHashMap.newKeySet();
    private final Map<Long, Integer> errorStatuses = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean broken;
    private volatile boolean namedSession;
    private volatile McpSchema.InitializeResult initialized;
    private volatile long lastUsedNanos = System.nanoTime();

    /**
     * @param stateless how to send tool calls when the upstream turns out to keep no session; null
     *     for transports other than Streamable HTTP
     * @param retireAfterCalls calls through the SDK's Streamable HTTP transport after which the pool
     *     replaces this session (0: never); other transports ignore it
     * @param pinning where a guarded upstream's session connects, and whether a shared one may
     */
    UpstreamSession(
            UpstreamDefinition definition,
            ClientFactory factory,
            StatelessToolCalls stateless,
            long retireAfterCalls,
            Pinning pinning) {
        this.definition = definition;
        this.guarded = definition.guarded();
        this.stateless = stateless;
        // The SDK's transport is what has to be replaced now and then; a guarded session has none.
        this.retireAfterCalls = definition.transport() == UpstreamDefinition.Transport.STREAMABLE_HTTP && !guarded
                ? retireAfterCalls
                : 0;
        if (guarded) {
            this.client = null;
            this.stdio = null;
            this.ready = pinning.pin(URI.create(definition.url()))
                    .flatMap(address -> stateless.initialize(
                            stateless.pinned(definition, address), calls.incrementAndGet(), this::onAnswer))
                    .map(opened -> {
                        endpoint = opened.endpoint();
                        return opened.result();
                    })
                    .doOnNext(result -> initialized = result)
                    .doOnError(error -> broken = true)
                    .cache();
        } else {
            var connection = factory.connect(definition, this::onResponse);
            this.client = connection.client();
            this.stdio = connection.stdio();
            this.endpoint = stateless == null ? null : stateless.endpoint(definition);
            Mono<Void> destination =
                    definition.url() == null ? Mono.empty() : pinning.checkShared(URI.create(definition.url()));
            this.ready = destination
                    .then(Mono.defer(client::initialize))
                    .doOnNext(result -> initialized = result)
                    .doOnError(error -> broken = true)
                    .cache();
        }
        Mono<Void> ended = stdio == null ? Mono.never() : stdio.ended();
        this.interruptions = Mono.firstWithSignal(rejected.asMono(), ended).then(Mono.never());
    }

    UpstreamDefinition definition() {
        return definition;
    }

    /**
     * Runs {@code request} on this session within the deadline. When the upstream answers this
     * call's own request with "unknown session" (HTTP 404, or 400 to a request that named a
     * session), the SDK starts a new session and the request goes once more: the upstream refused
     * it unread, so sending it again does nothing twice.
     */
    <T> Mono<T> call(Function<McpAsyncClient, Mono<T>> request, boolean readOnly, Deadline deadline) {
        if (client == null) {
            return Mono.error(new IllegalStateException(this + " is guarded and has no SDK client"));
        }
        return attempt((initialized, call) -> request.apply(client), readOnly, deadline);
    }

    /** The upstream's tools, every page of them up to {@code mostPages}. */
    Mono<List<McpSchema.Tool>> listTools(int mostPages, Deadline deadline) {
        if (guarded) {
            return attempt(
                    (initialized, call) -> stateless.listTools(
                            endpoint, initialized.protocolVersion(), call, mostPages, this::onAnswer),
                    true,
                    deadline);
        }
        return call(client -> allTools(client, mostPages), true, deadline);
    }

    private static Mono<List<McpSchema.Tool>> allTools(McpAsyncClient client, int mostPages) {
        return client.listTools(McpSchema.FIRST_PAGE)
                .expand(page -> page.nextCursor() == null || page.nextCursor().isEmpty()
                        ? Mono.empty()
                        : client.listTools(page.nextCursor()))
                .take(mostPages)
                .concatMapIterable(McpSchema.ListToolsResult::tools)
                .collectList();
    }

    /** {@code tools/call}, as one POST when the upstream keeps no session, else through the SDK. */
    Mono<ToolResult> callTool(McpSchema.CallToolRequest request, boolean readOnly, Deadline deadline) {
        var known = initialized;
        if (stateless != null && known != null && !namedSession) {
            return statelessCall(known, request, readOnly, deadline);
        }
        return attempt(
                (initialized, call) -> stateless != null && !namedSession
                        ? stateless.call(endpoint, initialized.protocolVersion(), call, request, this::onAnswer)
                        : client.callTool(request).map(ToolResult::of),
                readOnly,
                deadline);
    }

    /**
     * A tool call to an initialized upstream that keeps no session: one exchange of its own, so
     * none of the SDK path's bookkeeping (the call's number in the Reactor context for the request
     * customizer, its status in a map, the wait for another call's credential rejection) applies.
     */
    private Mono<ToolResult> statelessCall(
            McpSchema.InitializeResult known, McpSchema.CallToolRequest request, boolean readOnly, Deadline deadline) {
        return Mono.defer(() -> {
            var remaining = deadline.remaining();
            if (remaining.isZero()) {
                return Mono.error(Failures.classify(new TimeoutException(), false, readOnly, deadline, null));
            }
            long call = calls.incrementAndGet();
            return stateless
                    .call(endpoint, known.protocolVersion(), call, request, this::onAnswer)
                    .timeout(remaining)
                    .onErrorMap(error -> afterFailure(Failures.classify(error, true, readOnly, deadline, null)));
        });
    }

    /** One request of call number {@code call}, sent once the session is initialized. */
    private interface Exchange<T> {
        Mono<T> send(McpSchema.InitializeResult initialized, long call);
    }

    private <T> Mono<T> attempt(Exchange<T> request, boolean readOnly, Deadline deadline) {
        return Mono.defer(() -> {
            var remaining = deadline.remaining();
            if (remaining.isZero()) {
                return Mono.error(Failures.classify(new TimeoutException(), false, readOnly, deadline, null));
            }
            long call = calls.incrementAndGet();
            sdkCalls.incrementAndGet();
            var sent = new AtomicBoolean();
            Mono<T> exchange = ready.flatMap(initialized -> Mono.defer(() -> {
                                sent.set(true);
                                return request.send(initialized, call);
                            })
                            .onErrorResume(
                                    error -> refusedUnread.remove(call), error -> request.send(initialized, call)))
                    .contextWrite(context ->
                            context.put(McpTransportContext.KEY, McpTransportContext.create(Map.of(CALL_KEY, call))));
            return Mono.firstWithSignal(exchange, this.<T>interruptions())
                    .timeout(remaining)
                    .onErrorMap(error -> afterFailure(
                            Failures.classify(error, sent.get(), readOnly, deadline, errorStatuses.get(call))))
                    .doFinally(signal -> {
                        refusedUnread.remove(call);
                        errorStatuses.remove(call);
                    });
        });
    }

    /** Whether the pool may hand this session another call. */
    boolean usable() {
        return !failed() && !retired();
    }

    /** Closed, broken, or its process ended: the calls it still carries fail anyway. */
    boolean failed() {
        if (closed.get() || broken) {
            return true;
        }
        return stdio != null && !stdio.process().map(Process::isAlive).orElse(true);
    }

    /** Carried its share of SDK calls: takes no more, and closes once its last call is over. */
    boolean retired() {
        return retireAfterCalls > 0 && sdkCalls.get() >= retireAfterCalls;
    }

    int inFlight() {
        return inFlight.get();
    }

    void enter() {
        inFlight.incrementAndGet();
        lastUsedNanos = System.nanoTime();
    }

    void leave() {
        inFlight.decrementAndGet();
        lastUsedNanos = System.nanoTime();
    }

    boolean idleFor(Duration idle) {
        return inFlight.get() == 0 && System.nanoTime() - lastUsedNanos >= idle.toNanos();
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** The stdio process, while one runs. */
    Optional<Process> process() {
        return stdio == null ? Optional.empty() : stdio.process();
    }

    /**
     * Ends the session: the SDK's graceful close (an HTTP {@code DELETE} for a stateful session,
     * SIGTERM for a process), then SIGKILL for a process that ignores it, and the same for any
     * child the process started.
     */
    Mono<Void> close() {
        if (!closed.compareAndSet(false, true) || client == null) {
            // A guarded session holds nothing of its own open: its connections are the shared pool's.
            return Mono.empty();
        }
        // Children are found before their parent stops: an orphan no longer counts as its descendant.
        return Mono.fromCallable(this::children)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(children -> {
                    CompletableFuture<Void> graceful = client.closeGracefully().toFuture();
                    return Mono.fromFuture(graceful, true)
                            .timeout(STOP_GRACE)
                            .onErrorResume(error -> {
                                process().ifPresent(Process::destroyForcibly);
                                return Mono.fromFuture(graceful, true).timeout(STOP_GRACE);
                            })
                            .onErrorComplete()
                            .then(Mono.fromRunnable(() -> reap(children)).subscribeOn(Schedulers.boundedElastic()));
                })
                .then();
    }

    private List<ProcessHandle> children() {
        return process().map(p -> p.descendants().toList()).orElse(List.of());
    }

    private static void reap(List<ProcessHandle> children) {
        children.forEach(ProcessHandle::destroy);
        for (var child : children) {
            try {
                child.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                child.destroyForcibly();
            }
        }
    }

    /** A stateless tool call's status: only a rejected credential concerns the whole session. */
    private void onAnswer(long call, int status) {
        if (status == 401 || status == 403) {
            broken = true;
            rejected.tryEmitError(new Failures.CredentialRejected(status));
        }
    }

    private void onResponse(long call, boolean carriedSession, boolean namesSession, int status) {
        if (namesSession) {
            namedSession = true;
        }
        if (call > 0 && status >= 400) {
            errorStatuses.put(call, status);
            if (carriedSession && (status == 404 || status == 400)) {
                refusedUnread.add(call);
            }
        }
        if (status == 401 || status == 403) {
            broken = true;
            rejected.tryEmitError(new Failures.CredentialRejected(status));
        }
    }

    /** Errors as soon as the credential is rejected or the process ends; never completes otherwise. */
    @SuppressWarnings("unchecked")
    private <T> Mono<T> interruptions() {
        return (Mono<T>) interruptions;
    }

    private Throwable afterFailure(Throwable classified) {
        if (classified instanceof UpstreamFailure failure && failure.kind() != UpstreamFailure.Kind.TIMEOUT) {
            broken = true;
        }
        return classified;
    }

    @Override
    public String toString() {
        return "UpstreamSession[" + definition.name() + ", revision " + definition.revision() + "]";
    }
}
