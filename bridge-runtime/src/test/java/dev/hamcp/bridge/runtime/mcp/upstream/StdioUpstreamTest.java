package dev.hamcp.bridge.runtime.mcp.upstream;

import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.ALICE;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.codeOf;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.stdio;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.text;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.support.EverythingServer;
import dev.hamcp.bridge.runtime.support.NodePeers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The bridge running a real MCP server as its own child process, over standard input and output. */
class StdioUpstreamTest {

    private static final UpstreamDefinition EVERYTHING =
            stdio("everything", EverythingServer.stdioCommand(), Map.of("GREETING", "hello"));

    private PooledUpstreams upstreams;

    @AfterEach
    void closePool() {
        if (upstreams != null) {
            upstreams.close();
        }
    }

    @Test
    void aStdioUpstreamListsItsToolsAndEchoes() {
        upstreams = Fixtures.pooled(new Fixtures.Directory(EVERYTHING), Fixtures.properties());

        var tools = upstreams.tools(ALICE).block();
        var result = upstreams
                .call(ALICE, tool(tools, "echo"), Map.of("message", "over stdio"))
                .block();

        assertThat(tools).extracting(RoutedTool::exposedName).contains("echo", "get-env");
        assertThat(text(result)).isEqualTo("Echo: over stdio");
    }

    @Test
    void theProcessGetsOnlyTheEnvironmentItsDefinitionLists() throws Exception {
        upstreams = Fixtures.pooled(new Fixtures.Directory(EVERYTHING), Fixtures.properties());
        var getEnv = tool(upstreams.tools(ALICE).block(), "get-env");

        var environment = new ObjectMapper()
                .readValue(
                        text(upstreams.call(ALICE, getEnv, Map.of()).block()),
                        new TypeReference<Map<String, String>>() {});

        assertThat(System.getenv()).containsKey("PATH");
        assertThat(environment).isEqualTo(Map.of("GREETING", "hello"));
    }

    @Test
    void aThousandCallsGoThroughOneProcessAndClosingThePoolLeavesNoProcess() {
        upstreams = Fixtures.pooled(new Fixtures.Directory(EVERYTHING), Fixtures.properties());
        var echo = tool(upstreams.tools(ALICE).block(), "echo");

        var answers = Flux.range(0, 1000)
                .flatMap(i -> upstreams.call(ALICE, echo, Map.of("message", "call " + i)), 8)
                .collectList()
                .block();

        assertThat(answers).hasSize(1000).allSatisfy(answer -> assertThat(text(answer))
                .startsWith("Echo: call "));
        assertThat(everythingProcesses()).hasSize(1);
        var process =
                upstreams.pool().sessionsOf("everything").getFirst().process().orElseThrow();

        upstreams.close();

        assertThat(process.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> everythingProcesses().isEmpty());
    }

    @Test
    void aServerThatStartedAChildOfItsOwnLeavesNeitherBehind() {
        // The shell starts a long sleep in the background, then becomes the server: the sleep
        // ignores the server's end, as a helper program of a real server might.
        var command = "/bin/sleep 300 & exec " + String.join(" ", EverythingServer.stdioCommand());
        var throughShell = stdio("shell", List.of("/bin/sh", "-c", command), Map.of());
        upstreams = Fixtures.pooled(new Fixtures.Directory(throughShell), Fixtures.properties());
        upstreams
                .call(ALICE, tool(upstreams.tools(ALICE).block(), "echo"), Map.of("message", "hi"))
                .block();
        var server = upstreams.pool().sessionsOf("shell").getFirst().process().orElseThrow();
        var children = server.descendants().toList();
        assertThat(children).isNotEmpty();

        upstreams.close();

        assertThat(server.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void anIdleSessionIsClosedAndItsProcessStopped() {
        var properties = Fixtures.properties();
        properties = new UpstreamProperties(
                properties.toolCacheTtl(),
                Duration.ofMillis(300),
                properties.maxSessionsPerUpstream(),
                properties.maxSessions(),
                properties.callsPerSession(),
                properties.connectTimeout(),
                properties.retry(),
                properties.breaker());
        upstreams = Fixtures.pooled(new Fixtures.Directory(EVERYTHING), properties);
        upstreams
                .call(ALICE, tool(upstreams.tools(ALICE).block(), "echo"), Map.of("message", "once"))
                .block();
        var process =
                upstreams.pool().sessionsOf("everything").getFirst().process().orElseThrow();

        await().atMost(Duration.ofSeconds(10)).until(() -> upstreams.pool().openSessions("everything") == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !process.isAlive());
    }

    @Test
    void aProcessThatDiesIsReplacedOnTheNextCall() {
        upstreams = Fixtures.pooled(new Fixtures.Directory(EVERYTHING), Fixtures.properties());
        var echo = tool(upstreams.tools(ALICE).block(), "echo");
        var first = upstreams.pool().sessionsOf("everything").getFirst();
        var process = first.process().orElseThrow();

        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> !first.usable());

        assertThat(text(upstreams.call(ALICE, echo, Map.of("message", "again")).block()))
                .isEqualTo("Echo: again");
        assertThat(upstreams.pool().sessionsOf("everything")).singleElement().satisfies(session -> assertThat(
                        session.process().orElseThrow().pid())
                .isNotEqualTo(process.pid()));
    }

    @Test
    void aCommandThatCannotStartFailsAtOnceAsUnavailable() {
        var missing = stdio("missing", List.of("/nonexistent/mcp-server"), Map.of());
        upstreams = Fixtures.pooled(new Fixtures.Directory(missing), Fixtures.properties());

        long started = System.nanoTime();
        assertThatThrownBy(() -> upstreams.tools(ALICE).block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE))
                .hasMessage("missing is unavailable: its process could not start or has ended");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(upstreams.pool().openSessions("missing")).isZero();
    }

    @Test
    void aStdioAndAnHttpUpstreamSideBySideArePrefixed() {
        try (var http = EverythingServer.streamableHttp()) {
            upstreams = Fixtures.pooled(
                    new Fixtures.Directory(EVERYTHING, Fixtures.http("remote", http.url())), Fixtures.properties());

            var tools = upstreams.tools(ALICE).block();

            assertThat(tools).extracting(RoutedTool::exposedName).contains("everything_echo", "remote_echo");
            assertThat(text(upstreams
                            .call(ALICE, tool(tools, "everything_echo"), Map.of("message", "local"))
                            .block()))
                    .isEqualTo("Echo: local");
        }
    }

    /** The test JVM's child processes that run the everything server over stdio. */
    private static List<ProcessHandle> everythingProcesses() {
        var script = NodePeers.everythingServer().toString();
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info()
                        .arguments()
                        .map(List::of)
                        .orElse(List.of())
                        .contains(script))
                .filter(handle -> handle.info()
                        .arguments()
                        .map(List::of)
                        .orElse(List.of())
                        .contains("stdio"))
                .toList();
    }
}
