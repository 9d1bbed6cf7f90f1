package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.Priority;
import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition.Transport;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Upstream definitions, callers and pools for the upstream tests. */
final class Fixtures {

    static final Caller ALICE =
            new Caller("user-alice", "alice", Role.USER, "session-1", null, "127.0.0.1", Priority.INTERACTIVE);
    static final Caller BOB =
            new Caller("user-bob", "bob", Role.USER, "session-2", null, "127.0.0.1", Priority.INTERACTIVE);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    static {
        quietLogs();
    }

    private Fixtures() {}

    /**
     * Outside a Spring context logback logs everything at DEBUG, and the SDK prints a server's
     * whole instructions on every initialization: keep these tests' output readable.
     */
    private static void quietLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs) {
            logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
            logs.getLogger("io.modelcontextprotocol").setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static UpstreamProperties properties() {
        return properties(new UpstreamProperties.Breaker(50, 20, 5, Duration.ofSeconds(30), 2));
    }

    static UpstreamProperties properties(UpstreamProperties.Breaker breaker) {
        return new UpstreamProperties(
                Duration.ofMinutes(10),
                Duration.ofMinutes(5),
                4,
                64,
                16,
                Duration.ofSeconds(2),
                new UpstreamProperties.Retry(3, Duration.ofMillis(20), 2.0),
                breaker);
    }

    static UpstreamDefinition http(String name, String url) {
        return http(name, url, null, 1);
    }

    static UpstreamDefinition http(String name, String url, String token, long revision) {
        return new UpstreamDefinition(
                name, Transport.STREAMABLE_HTTP, url, List.of(), Map.of(), token, Set.of(), CALL_TIMEOUT, revision);
    }

    static UpstreamDefinition sse(String name, String url) {
        return new UpstreamDefinition(name, Transport.SSE, url, List.of(), Map.of(), null, Set.of(), CALL_TIMEOUT, 1);
    }

    static UpstreamDefinition stdio(String name, List<String> command, Map<String, String> environment) {
        return new UpstreamDefinition(
                name, Transport.STDIO, null, command, environment, null, Set.of(), CALL_TIMEOUT, 1);
    }

    static UpstreamDefinition withTimeout(UpstreamDefinition upstream, Duration timeout) {
        return new UpstreamDefinition(
                upstream.name(),
                upstream.transport(),
                upstream.url(),
                upstream.command(),
                upstream.environment(),
                upstream.bearerToken(),
                upstream.allowedUsers(),
                timeout,
                upstream.revision());
    }

    static PooledUpstreams pooled(UpstreamDirectory directory, UpstreamProperties properties) {
        return new PooledUpstreams(directory, properties, new SimpleMeterRegistry());
    }

    static RoutedTool tool(List<RoutedTool> tools, String exposedName) {
        return tools.stream()
                .filter(tool -> tool.exposedName().equals(exposedName))
                .findFirst()
                .orElseThrow(() -> new AssertionError(exposedName + " is not among "
                        + tools.stream().map(RoutedTool::exposedName).toList()));
    }

    /** The text of a result's first content item. */
    static String text(ToolResult result) {
        try {
            return McpJson.parse(result.json()).at("/content/0/text").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error code a failed call ended with. */
    static int codeOf(Throwable error) {
        return ((GatewayError) error).code();
    }

    /** A directory whose upstreams a test can replace, as an administrator's edit would. */
    static final class Directory implements UpstreamDirectory {
        private final AtomicReference<List<UpstreamDefinition>> upstreams;

        Directory(UpstreamDefinition... upstreams) {
            this.upstreams = new AtomicReference<>(List.of(upstreams));
        }

        void replace(UpstreamDefinition... replacement) {
            upstreams.set(List.of(replacement));
        }

        @Override
        public List<UpstreamDefinition> upstreamsFor(String userId) {
            return upstreams.get().stream().filter(u -> u.admits(userId)).toList();
        }

        @Override
        public List<UpstreamDefinition> all() {
            return upstreams.get();
        }
    }
}
