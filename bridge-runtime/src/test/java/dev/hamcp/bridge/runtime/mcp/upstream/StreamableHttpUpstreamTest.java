package dev.hamcp.bridge.runtime.mcp.upstream;

import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.ALICE;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.BOB;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.codeOf;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.http;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.text;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.support.EverythingServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The bridge as a client of a real third-party MCP server over Streamable HTTP (a stateful one, with session ids). */
class StreamableHttpUpstreamTest {

    private static EverythingServer everything;

    private PooledUpstreams upstreams;

    @BeforeAll
    static void startServer() {
        everything = EverythingServer.streamableHttp();
    }

    @AfterAll
    static void stopServer() {
        everything.close();
    }

    @AfterEach
    void closePool() {
        if (upstreams != null) {
            upstreams.close();
        }
    }

    @Test
    void aSingleUpstreamsToolsKeepTheirOwnNames() {
        upstreams =
                Fixtures.pooled(new Fixtures.Directory(http("everything", everything.url())), Fixtures.properties());

        var tools = upstreams.tools(ALICE).block();

        assertThat(tools).extracting(RoutedTool::exposedName).contains("echo", "get-sum", "get-env");
        assertThat(tools).allSatisfy(tool -> assertThat(tool.upstream()).isEqualTo("everything"));
        assertThat(tool(tools, "echo").readOnly()).isTrue();
        assertThat(tool(tools, "toggle-simulated-logging").readOnly()).isFalse();
    }

    @Test
    void echoAnswersThroughTheBridge() {
        upstreams =
                Fixtures.pooled(new Fixtures.Directory(http("everything", everything.url())), Fixtures.properties());
        var echo = tool(upstreams.tools(ALICE).block(), "echo");

        var result = upstreams.call(ALICE, echo, Map.of("message", "hello")).block();

        assertThat(text(result)).isEqualTo("Echo: hello");
    }

    @Test
    void manyCallsShareOneInitializedSession() {
        upstreams =
                Fixtures.pooled(new Fixtures.Directory(http("everything", everything.url())), Fixtures.properties());
        var echo = tool(upstreams.tools(ALICE).block(), "echo");
        var first = upstreams.pool().sessionsOf("everything");

        var answers = Flux.range(0, 300)
                .concatMap(i -> upstreams.call(ALICE, echo, Map.of("message", "call " + i)))
                .map(Fixtures::text)
                .collectList()
                .block();

        assertThat(answers).hasSize(300).last().isEqualTo("Echo: call 299");
        assertThat(upstreams.pool().sessionsOf("everything")).hasSize(1).isEqualTo(first);
        assertThat(upstreams.status().getFirst().calls()).isEqualTo(301);
    }

    @Test
    void concurrentCallsOpenNoMoreSessionsThanTheBound() {
        upstreams =
                Fixtures.pooled(new Fixtures.Directory(http("everything", everything.url())), Fixtures.properties());
        var echo = tool(upstreams.tools(ALICE).block(), "echo");

        var answers = Flux.range(0, 200)
                .flatMap(i -> upstreams.call(ALICE, echo, Map.of("message", "call " + i)), 64)
                .collectList()
                .block();

        assertThat(answers).hasSize(200);
        assertThat(upstreams.pool().openSessions("everything")).isBetween(1, 4);
    }

    @Test
    void withTwoUpstreamsEveryToolIsPrefixedWithItsUpstream() {
        upstreams = Fixtures.pooled(
                new Fixtures.Directory(http("left", everything.url()), http("right", everything.url())),
                Fixtures.properties());

        var tools = upstreams.tools(ALICE).block();

        assertThat(tools).extracting(RoutedTool::exposedName).contains("left_echo", "right_echo");
        var rightEcho = tool(tools, "right_echo");
        assertThat(rightEcho.upstream()).isEqualTo("right");
        assertThat(rightEcho.exposed().name()).isEqualTo("right_echo");
        assertThat(text(upstreams
                        .call(ALICE, rightEcho, Map.of("message", "hi"))
                        .block()))
                .isEqualTo("Echo: hi");
    }

    @Test
    void callersWhoSeeOneOrTwoUpstreamsGetTheNamesTheirOwnViewCalls() {
        var onlyBob = new UpstreamDefinition(
                "right",
                UpstreamDefinition.Transport.STREAMABLE_HTTP,
                everything.url(),
                List.of(),
                Map.of(),
                null,
                Set.of(BOB.userId()),
                Fixtures.CALL_TIMEOUT,
                1);
        upstreams =
                Fixtures.pooled(new Fixtures.Directory(http("left", everything.url()), onlyBob), Fixtures.properties());

        for (int round = 0; round < 2; round++) {
            assertThat(upstreams.tools(ALICE).block())
                    .extracting(RoutedTool::exposedName)
                    .contains("echo")
                    .doesNotContain("left_echo", "right_echo");
            assertThat(upstreams.tools(BOB).block())
                    .extracting(RoutedTool::exposedName)
                    .contains("left_echo", "right_echo")
                    .doesNotContain("echo");
        }
    }

    @Test
    void anUpstreamRestartedUnderItsSessionIsReinitializedTransparently() {
        var restartable = EverythingServer.streamableHttp();
        try {
            upstreams = Fixtures.pooled(
                    new Fixtures.Directory(http("restartable", restartable.url())), Fixtures.properties());
            var toggle = tool(upstreams.tools(ALICE).block(), "toggle-simulated-logging");
            assertThat(toggle.readOnly()).isFalse();
            upstreams.call(ALICE, toggle, Map.of()).block();
            var session = upstreams.pool().sessionsOf("restartable");

            restartable.close();
            restartable = EverythingServer.streamableHttp(restartable.port());

            // The new server does not know the session id and answers 400 or 404: the session
            // initializes again and the call goes once more. It is not read-only, so no retry did this.
            var result = upstreams.call(ALICE, toggle, Map.of()).block();
            assertThat(text(result)).startsWith("Started simulated");
            assertThat(upstreams.pool().sessionsOf("restartable")).isEqualTo(session);
        } finally {
            restartable.close();
        }
    }

    @Test
    void aCallSlowerThanTheUpstreamsTimeoutEndsWithTimeoutInTime() {
        var upstream = Fixtures.withTimeout(http("slow", everything.url()), Duration.ofMillis(800));
        upstreams = Fixtures.pooled(new Fixtures.Directory(upstream), Fixtures.properties());
        var longRunning = tool(upstreams.tools(ALICE).block(), "trigger-long-running-operation");

        long started = System.nanoTime();
        assertThatThrownBy(() -> upstreams
                        .call(ALICE, longRunning, Map.of("duration", 5, "steps", 1))
                        .block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.TIMEOUT))
                .hasMessage("slow did not run trigger-long-running-operation within 800 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aRevisionOfTheDefinitionRetiresTheOldSessionsAndToolList() {
        var directory = new Fixtures.Directory(http("everything", everything.url(), null, 1));
        upstreams = Fixtures.pooled(directory, Fixtures.properties());
        var echo = tool(upstreams.tools(ALICE).block(), "echo");
        upstreams.call(ALICE, echo, Map.of("message", "one")).block();
        var old = upstreams.pool().sessionsOf("everything");

        directory.replace(http("everything", everything.url(), null, 2));
        List<RoutedTool> again = upstreams.tools(ALICE).block();
        upstreams.call(ALICE, tool(again, "echo"), Map.of("message", "two")).block();

        assertThat(upstreams.pool().sessionsOf("everything"))
                .hasSize(1)
                .doesNotContainAnyElementsOf(old)
                .allSatisfy(
                        session -> assertThat(session.definition().revision()).isEqualTo(2));
        assertThat(old).allSatisfy(session -> assertThat(session.usable()).isFalse());
    }

    @Test
    void theLegacySseTransportListsAndCalls() {
        try (var sse = EverythingServer.sse()) {
            upstreams =
                    Fixtures.pooled(new Fixtures.Directory(Fixtures.sse("legacy", sse.url())), Fixtures.properties());
            var echo = tool(upstreams.tools(ALICE).block(), "echo");

            assertThat(text(upstreams
                            .call(ALICE, echo, Map.of("message", "old school"))
                            .block()))
                    .isEqualTo("Echo: old school");
        }
    }

    /**
     * The message URL a legacy SSE stream names is where the bridge posts with the upstream's
     * credential: one on another origin is refused, and nothing is sent to it.
     */
    @Test
    void aLegacySseStreamThatNamesAnotherOriginForItsMessagesIsRefusedAndNothingIsSentThere() throws IOException {
        var posted = new AtomicInteger();
        var elsewhere = server("/", exchange -> {
            posted.incrementAndGet();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        var stream = server("/sse", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody()
                    .write(("event: endpoint\ndata: http://127.0.0.1:"
                                    + elsewhere.getAddress().getPort() + "/message?sessionId=1\n\n")
                            .getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
        });
        try {
            upstreams = sseUpstream(stream);

            assertThat(upstreams.tools(ALICE).onErrorReturn(List.of()).block()).isEmpty();
            assertThat(upstreams.status().getFirst().failures()).isPositive();
            assertThat(posted).hasValue(0);
        } finally {
            stream.stop(0);
            elsewhere.stop(0);
        }
    }

    /** A stream that refuses the bridge's credential stops the upstream until its token is replaced, as over Streamable HTTP. */
    @Test
    void aLegacySseStreamThatRefusesTheCredentialStopsTheUpstream() throws IOException {
        var opened = new AtomicInteger();
        var stream = server("/sse", exchange -> {
            opened.incrementAndGet();
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        try {
            upstreams = sseUpstream(stream);

            assertThatThrownBy(() -> upstreams.tools(ALICE).block())
                    .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE))
                    .hasMessageContaining("refused the bridge's credential (HTTP 401)");
            assertThatThrownBy(() -> upstreams.tools(ALICE).block()).hasMessageContaining("HTTP 401");
            assertThat(opened).hasValue(1);
            assertThat(upstreams.status().getFirst().breakerState()).isEqualTo("FORCED_OPEN");
        } finally {
            stream.stop(0);
        }
    }

    private static HttpServer server(String path, HttpHandler handler) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, handler);
        server.start();
        return server;
    }

    private static PooledUpstreams sseUpstream(HttpServer stream) {
        return Fixtures.pooled(
                new Fixtures.Directory(Fixtures.sse(
                        "legacy", "http://localhost:" + stream.getAddress().getPort() + "/sse")),
                Fixtures.properties());
    }
}
