package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A session with a stdio process, through the MCP SDK's client. It fails every waiting call at
 * once when the process ends (the SDK would leave them to their timeout), and it ends the
 * process, and any child the process started, when it closes.
 */
final class SdkSession extends UpstreamSession {

    /** How long a process may take to stop after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final McpAsyncClient client;
    private final ScrubbedStdioTransport stdio;
    private final Mono<McpSchema.InitializeResult> ready;
    private final Mono<Object> interruptions;

    SdkSession(UpstreamDefinition definition) {
        super(definition);
        this.stdio = ClientFactory.stdio(definition);
        this.client = ClientFactory.client(definition, stdio);
        this.ready =
                Mono.defer(client::initialize).doOnError(error -> markBroken()).cache();
        this.interruptions = stdio.ended().then(Mono.never());
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
                        })),
                        this.<T>interruptions()),
                call -> null);
    }

    @Override
    boolean failed() {
        return super.failed() || !stdio.process().map(Process::isAlive).orElse(true);
    }

    @Override
    Optional<Process> process() {
        return stdio.process();
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

    /** Errors as soon as the process ends; never completes otherwise. */
    @SuppressWarnings("unchecked")
    private <T> Mono<T> interruptions() {
        return (Mono<T>) interruptions;
    }
}
