package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import reactor.core.publisher.Mono;

/**
 * One initialized connection to an upstream, shared by the calls the pool hands it, of one of two
 * kinds, each owning how it talks and how it ends:
 *
 * <ul>
 *   <li>{@link HttpSession}: an upstream over HTTP (Streamable HTTP: Home Assistant's stateless
 *       endpoint, or a stateful server; or the legacy HTTP+SSE pair), spoken to by the bridge's
 *       own client at the one address the session pinned;
 *   <li>{@link SdkSession}: a stdio process, through the MCP SDK's client.
 * </ul>
 *
 * <p>What both share is here: the pool's bookkeeping (calls in flight, last use), and the rule
 * that a session is thrown away after any failure but a timeout, and at once when the upstream
 * rejects the bridge's credential.
 */
abstract sealed class UpstreamSession permits HttpSession, SdkSession {

    private final UpstreamDefinition definition;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean broken;
    private volatile long lastUsedNanos = System.nanoTime();

    UpstreamSession(UpstreamDefinition definition) {
        this.definition = definition;
    }

    /** {@code tools/call}. */
    abstract Mono<ToolResult> callTool(McpSchema.CallToolRequest request, boolean readOnly, Deadline deadline);

    /** The upstream's tools, every page of them up to {@code mostPages}. */
    abstract Mono<List<McpSchema.Tool>> listTools(int mostPages, Deadline deadline);

    /** Ends the session and releases what it holds; once only, whoever asks. */
    final Mono<Void> close() {
        return closed.compareAndSet(false, true) ? end() : Mono.empty();
    }

    /** What ending this kind of session takes. */
    abstract Mono<Void> end();

    UpstreamDefinition definition() {
        return definition;
    }

    /** The stdio process, while one runs. */
    Optional<Process> process() {
        return Optional.empty();
    }

    /** Whether the pool may hand this session another call. */
    boolean usable() {
        return !failed();
    }

    /** Closed or broken: the calls it still carries fail anyway. */
    boolean failed() {
        return closed.get() || broken;
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

    /** The number of the next call on this session: it identifies the call's requests. */
    final long nextCall() {
        return calls.incrementAndGet();
    }

    final void markBroken() {
        broken = true;
    }

    /** Every answer: a rejected credential breaks the session, so it is never presented again. */
    void onResponse(long call, int status) {
        if (status == 401 || status == 403) {
            broken = true;
        }
    }

    /** What one attempt sends: call number {@code call}, telling {@code sent} when its request goes out. */
    interface Exchange<T> {
        Mono<T> send(long call, Runnable sent);
    }

    /**
     * One attempt within the deadline: a new call number, the exchange, and its failure classified
     * (whether the request went out decides whether repeating it is safe); any failure but a
     * timeout breaks the session.
     *
     * @param httpStatus the HTTP error status a call's request got, if the session knows it apart from the error
     */
    final <T> Mono<T> attempt(
            boolean readOnly, Deadline deadline, Exchange<T> exchange, LongFunction<Integer> httpStatus) {
        return Mono.defer(() -> {
            var remaining = deadline.remaining();
            if (remaining.isZero()) {
                return Mono.error(Failures.classify(new TimeoutException(), false, readOnly, deadline, null));
            }
            long call = nextCall();
            var sent = new AtomicBoolean();
            return exchange.send(call, () -> sent.set(true))
                    .timeout(remaining)
                    .onErrorMap(error -> afterFailure(
                            Failures.classify(error, sent.get(), readOnly, deadline, httpStatus.apply(call))));
        });
    }

    private Throwable afterFailure(Throwable classified) {
        if (classified instanceof UpstreamFailure failure && failure.kind() != UpstreamFailure.Kind.TIMEOUT) {
            broken = true;
        }
        return classified;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + definition.name() + ", revision " + definition.revision() + "]";
    }
}
