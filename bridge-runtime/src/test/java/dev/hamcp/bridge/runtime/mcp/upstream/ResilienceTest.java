package dev.hamcp.bridge.runtime.mcp.upstream;

import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.ALICE;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.codeOf;
import static dev.hamcp.bridge.runtime.mcp.upstream.Fixtures.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.support.EverythingServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One circuit breaker per upstream, and retries only where they are safe, against a port that is closed and then opens. */
class ResilienceTest {

    private static final UpstreamProperties.Breaker SMALL_BREAKER =
            new UpstreamProperties.Breaker(50, 3, 3, Duration.ofSeconds(2), 1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final int closedPort = freePort();
    private final Fixtures.Directory directory =
            new Fixtures.Directory(http("flaky", "http://127.0.0.1:" + closedPort + "/mcp"));
    private final PooledUpstreams upstreams =
            new PooledUpstreams(directory, Fixtures.properties(SMALL_BREAKER), meters);

    @AfterEach
    void close() {
        upstreams.close();
    }

    @Test
    void anUpstreamOnAClosedPortFailsFastAsUnavailable() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> upstreams.tools(ALICE).block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE))
                .hasMessage("flaky is unavailable: it cannot be reached");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(upstreams.status().getFirst().failures()).isOne();
    }

    @Test
    void theBreakerOpensAfterTheThresholdAndClosesWhenTheUpstreamComesBack() {
        // Three refused connections (one call and its two retries) fill the window: it opens.
        assertThatThrownBy(() -> upstreams.tools(ALICE).block()).hasMessageContaining("cannot be reached");
        assertThat(state()).isEqualTo("OPEN");
        assertThat(meters.get("resilience4j.circuitbreaker.state")
                        .tags("name", "flaky", "state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1.0);

        assertThatThrownBy(() -> upstreams.tools(ALICE).block())
                .satisfies(error -> assertThat(codeOf(error)).isEqualTo(JsonRpc.UPSTREAM_UNAVAILABLE))
                .hasMessage("flaky is unavailable: after repeated failures the bridge pauses calls to it for a moment");

        try (var server = EverythingServer.streamableHttp(closedPort)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> state().equals("HALF_OPEN"));

            assertThat(upstreams.tools(ALICE).block())
                    .extracting(RoutedTool::exposedName)
                    .contains("echo");
            assertThat(state()).isEqualTo("CLOSED");
        }
    }

    @Test
    void breakersAreKeptPerUpstream() {
        try (var server = EverythingServer.streamableHttp()) {
            directory.replace(http("flaky", "http://127.0.0.1:" + closedPort + "/mcp"), http("steady", server.url()));

            // Listing leaves out the unreachable upstream's tools and keeps the other's.
            assertThat(upstreams.tools(ALICE).block())
                    .extracting(RoutedTool::exposedName)
                    .contains("steady_echo");

            assertThat(upstreams.status())
                    .extracting(status -> status.name() + "=" + status.breakerState())
                    .containsExactly("flaky=OPEN", "steady=CLOSED");
        }
    }

    private String state() {
        return upstreams.status().getFirst().breakerState();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
