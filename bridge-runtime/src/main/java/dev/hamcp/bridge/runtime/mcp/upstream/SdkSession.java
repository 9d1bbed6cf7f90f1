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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * A session through the MCP SDK's client: a legacy SSE upstream, or a stdio process. It fails
 * every waiting call at once when the upstream rejects the bridge's credential (the SDK would
 * leave them to their timeout) or its process ends, and it ends the process, and any child the
 * process started, when it closes.
 *
 * <p>An administrator's SSE upstream is checked against the destination policy as each session
 * begins; the SDK's JDK {@code HttpClient} resolves the name again for each connection it opens,
 * which the bridge cannot pin (docs/security-model.md).
 */
final class SdkSession extends UpstreamSession {

    /** Where a call's number travels in the Reactor context to the request customizer. */
    static final String CALL_KEY = "dev.hamcp.bridge.upstream-call";

    /** How long a process may take to stop after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final McpAsyncClient client;
    private final ScrubbedStdioTransport stdio;
    private final Mono<McpSchema.InitializeResult> ready;
    private final Mono<Object> interruptions;
    private final Sinks.One<Void> rejected = Sinks.one();
    private final Map<Long, Integer> errorStatuses = new ConcurrentHashMap<>();

    SdkSession(UpstreamDefinition definition, ClientFactory factory, Pinning pinning) {
        super(definition);
        var connection = factory.connect(definition, this::onResponse);
        this.client = connection.client();
        this.stdio = connection.stdio();
        Mono<Void> destination = definition.url() == null
                ? Mono.empty()
                : pinning.pinShared(URI.create(definition.url())).then();
        this.ready = destination
                .then(Mono.defer(client::initialize))
                .doOnError(error -> markBroken())
                .cache();
        Mono<Void> ended = stdio == null ? Mono.never() : stdio.ended();
        this.interruptions = Mono.firstWithSignal(rejected.asMono(), ended).then(Mono.never());
    }

    @Override
    Mono<ToolResult> callTool(McpSchema.CallToolRequest request, boolean readOnly, Deadline deadline) {
        return attempt(() -> client.callTool(request).map(ToolResult::of), readOnly, deadline);
    }

    @Override
    Mono<List<McpSchema.Tool>> listTools(int mostPages, Deadline deadline) {
        return attempt(
                () -> client.listTools(McpSchema.FIRST_PAGE)
                        .expand(page ->
                                page.nextCursor() == null || page.nextCursor().isEmpty()
                                        ? Mono.empty()
                                        : client.listTools(page.nextCursor()))
                        .take(mostPages)
                        .concatMapIterable(McpSchema.ListToolsResult::tools)
                        .collectList(),
                true,
                deadline);
    }

    /** One request of a new call, once the session is initialized. */
    private <T> Mono<T> attempt(Supplier<Mono<T>> request, boolean readOnly, Deadline deadline) {
        return attempt(
                readOnly,
                deadline,
                (call, sent) -> Mono.firstWithSignal(
                                ready.then(Mono.defer(() -> {
                                            sent.run();
                                            return request.get();
                                        }))
                                        .contextWrite(context -> context.put(
                                                McpTransportContext.KEY,
                                                McpTransportContext.create(Map.of(CALL_KEY, call)))),
                                this.<T>interruptions())
                        .doFinally(signal -> errorStatuses.remove(call)),
                errorStatuses::get);
    }

    @Override
    boolean failed() {
        return super.failed()
                || (stdio != null && !stdio.process().map(Process::isAlive).orElse(true));
    }

    @Override
    Optional<Process> process() {
        return stdio == null ? Optional.empty() : stdio.process();
    }

    /**
     * The SDK's graceful close (SIGTERM for a process), then SIGKILL for a process that ignores
     * it, and the same for any child the process started.
     */
    @Override
    Mono<Void> end() {
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

    /** Every answer on the SSE transport: its status for the call it belongs to, and a rejected credential for all. */
    @Override
    void onResponse(long call, int status) {
        if (call > 0 && status >= 400) {
            errorStatuses.put(call, status);
        }
        if (status == 401 || status == 403) {
            rejected.tryEmitError(new Failures.CredentialRejected(status));
        }
        super.onResponse(call, status);
    }

    /** Errors as soon as the credential is rejected or the process ends; never completes otherwise. */
    @SuppressWarnings("unchecked")
    private <T> Mono<T> interruptions() {
        return (Mono<T>) interruptions;
    }
}
