package dev.hamcp.bridge.runtime.mcp.upstream;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The SDK's stdio transport with two changes. The process starts with an empty environment, so it
 * gets only what its definition lists, never the bridge's own variables. And the bridge keeps the
 * process's handle, to notice when it ends and to reap it and its children on close.
 */
final class ScrubbedStdioTransport extends StdioClientTransport {

    private static final Logger log = LoggerFactory.getLogger(ScrubbedStdioTransport.class);

    /**
     * The SDK keeps the {@link Process} private and offers no hook after it starts. Reading the
     * field is the one way to learn which process is ours (a test fails if an SDK upgrade renames it).
     */
    private static final Field PROCESS_FIELD = processField();

    private final String upstream;
    private final Sinks.One<Void> ended = Sinks.one();
    private volatile Process process;
    private volatile boolean closing;

    ScrubbedStdioTransport(String upstream, ServerParameters parameters, McpJsonMapper jsonMapper) {
        super(parameters, jsonMapper);
        this.upstream = upstream;
        // The SDK logs every line of standard error at INFO; a server's chatter is debugging material.
        setStdErrorHandler(line -> log.debug("{} (stderr): {}", upstream, line));
    }

    @Override
    protected ProcessBuilder getProcessBuilder() {
        var builder = new ProcessBuilder();
        // The SDK then adds the definition's variables, and only those.
        builder.environment().clear();
        return builder;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        // The SDK's session only logs a failed start and lets the first request wait for its
        // timeout; reporting it through ended() fails that request at once.
        return super.connect(handler).doOnSuccess(ignored -> watchProcess()).doOnError(error -> {
            ended.tryEmitError(new Failures.ProcessEnded(upstream + " could not be started", error));
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        closing = true;
        return super.closeGracefully();
    }

    /** Errors when the process could not start or has ended; never completes otherwise. */
    Mono<Void> ended() {
        return ended.asMono();
    }

    Optional<Process> process() {
        return Optional.ofNullable(process);
    }

    private void watchProcess() {
        process = readProcess();
        if (process == null) {
            return;
        }
        process.onExit().thenRun(() -> {
            if (!closing) {
                log.warn("{}: its process ended with exit code {}", upstream, process.exitValue());
            }
            ended.tryEmitError(new Failures.ProcessEnded(upstream + "'s process ended", null));
        });
    }

    private Process readProcess() {
        if (PROCESS_FIELD == null) {
            return null;
        }
        try {
            return (Process) PROCESS_FIELD.get(this);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field processField() {
        try {
            var field = StdioClientTransport.class.getDeclaredField("process");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("This MCP SDK hides its stdio process; ended processes are noticed only by timeouts");
            return null;
        }
    }
}
