package dev.hamcp.bridge.runtime.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult.Failure;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult.Step;
import dev.hamcp.bridge.runtime.support.SimulatedHouseTest;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.simulator.Faults;
import dev.hamcp.simulator.HomeAssistantSimulator;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The connection test against the built-in simulator, over real HTTP. */
class ConnectionTesterTest extends SimulatedHouseTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Autowired
    ConnectionTester tester;

    private HttpServer other;

    @AfterEach
    void stopTheOtherServer() {
        if (other != null) {
            other.stop(0);
        }
    }

    private String houseUrl() {
        return simulator.baseUrl(port).toString();
    }

    private ConnectionTestResult test(String url, String haToken) {
        return tester.test(url, haToken).block(Duration.ofSeconds(30));
    }

    private static void assertNoTokenIn(ConnectionTestResult result, String haToken) throws Exception {
        assertThat(JSON.writeValueAsString(result)).doesNotContain(haToken);
    }

    private static List<String> stepNames(ConnectionTestResult result) {
        return result.steps().stream().map(Step::name).toList();
    }

    @Test
    void aWorkingHomeAssistantPassesEveryStepAndIsDescribed() throws Exception {
        ConnectionTestResult result = test(houseUrl(), simulator.token());

        assertThat(result.ok()).isTrue();
        assertThat(result.failure()).isNull();
        assertThat(result.advice()).isNull();
        assertThat(result.reachable()).isTrue();
        assertThat(result.tlsValid()).isNull();
        assertThat(result.version()).isEqualTo(HomeAssistantSimulator.VERSION);
        assertThat(result.locationName()).isEqualTo(HomeAssistantSimulator.DEFAULT_LOCATION_NAME);
        assertThat(result.entityCount())
                .isEqualTo(simulator.simulator().states().size())
                .isPositive();
        assertThat(result.mcpEnabled()).isTrue();
        assertThat(result.toolCount()).isPositive();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.testedAt()).isNotNull();
        assertThat(stepNames(result)).containsExactly("api", "config", "states", "mcp-initialize", "mcp-tools");
        assertThat(result.steps()).allSatisfy(step -> {
            assertThat(step.ok()).isTrue();
            assertThat(step.httpStatus()).isEqualTo(200);
            assertThat(step.latencyMillis()).isNotNegative();
        });
        assertNoTokenIn(result, simulator.token());
    }

    @Test
    void aHostNameIsResolvedOnceForAllFiveRequestsAndStillWorks() {
        String host = "run-" + UUID.randomUUID() + "." + TestNamesResolverProvider.LOOPBACK;

        ConnectionTestResult result = test("http://" + host + ":" + port + "/simulator/ha", simulator.token());

        assertThat(result.ok()).isTrue();
        assertThat(result.steps()).hasSize(5);
        assertThat(TestNamesResolverProvider.lookupsOf(host)).isEqualTo(1);
    }

    @Test
    void theRequestsGoToThePinnedAddressWithTheNameInTheHostHeader() throws Exception {
        List<String> hosts = new CopyOnWriteArrayList<>();
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        other.start();
        String host = "run-" + UUID.randomUUID() + "." + TestNamesResolverProvider.LOOPBACK;
        int otherPort = other.getAddress().getPort();

        ConnectionTestResult result = test("http://" + host + ":" + otherPort, "some-token");

        assertThat(result.failure()).isEqualTo(Failure.UNEXPECTED_RESPONSE);
        assertThat(result.reachable()).isTrue();
        assertThat(hosts).containsExactly(host + ":" + otherPort);
    }

    @Test
    void aWrongTokenIsRejectedOnceAndNeverTriedAgain() throws Exception {
        long requestsBefore = simulator.simulator().requests();
        long rejectedBefore = simulator.simulator().rejectedAuthentications();
        String wrong = "wrong-" + UUID.randomUUID();

        ConnectionTestResult result = test(houseUrl(), wrong);

        assertThat(result.ok()).isFalse();
        assertThat(result.failure()).isEqualTo(Failure.TOKEN_REJECTED);
        assertThat(result.advice()).contains("long-lived access token");
        assertThat(result.reachable()).isTrue();
        assertThat(result.steps())
                .singleElement()
                .isEqualTo(new Step("api", false, 401, result.steps().getFirst().latencyMillis()));
        assertThat(result.version()).isNull();
        assertThat(simulator.simulator().requests() - requestsBefore).isEqualTo(1);
        assertThat(simulator.simulator().rejectedAuthentications() - rejectedBefore)
                .isEqualTo(1);
        assertNoTokenIn(result, wrong);
    }

    @Test
    void mcpForbiddenMeansAnAdministratorsTokenIsNeeded() {
        simulator.faults().failWith(403, Faults.Scope.MCP);

        ConnectionTestResult result = test(houseUrl(), simulator.token());

        assertThat(result.failure()).isEqualTo(Failure.ADMIN_REQUIRED);
        assertThat(result.advice()).contains("administrator");
        assertThat(result.version()).isEqualTo(HomeAssistantSimulator.VERSION);
        assertThat(result.entityCount()).isPositive();
        assertThat(result.mcpEnabled()).isFalse();
        assertThat(result.toolCount()).isNull();
        assertThat(stepNames(result)).containsExactly("api", "config", "states", "mcp-initialize");
        assertThat(result.steps().getLast()).satisfies(step -> {
            assertThat(step.ok()).isFalse();
            assertThat(step.httpStatus()).isEqualTo(403);
        });
    }

    @Test
    void mcpMissingMeansTheIntegrationIsNotEnabled() {
        simulator.faults().failWith(404, Faults.Scope.MCP);

        ConnectionTestResult result = test(houseUrl(), simulator.token());

        assertThat(result.failure()).isEqualTo(Failure.MCP_NOT_ENABLED);
        assertThat(result.advice()).contains("Model Context Protocol");
        assertThat(result.mcpEnabled()).isFalse();
        assertThat(result.locationName()).isEqualTo(HomeAssistantSimulator.DEFAULT_LOCATION_NAME);
    }

    @Test
    void aSlowHomeAssistantTimesOutWithinTheGivenTime() {
        simulator.faults().latency(Duration.ofSeconds(3), Faults.Scope.MCP);

        long start = System.nanoTime();
        ConnectionTestResult result = tester.test(houseUrl(), simulator.token(), Duration.ofMillis(800))
                .block(Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(stepNames(result)).containsExactly("api", "config", "states", "mcp-initialize");
        assertThat(result.steps().getLast()).satisfies(step -> {
            assertThat(step.ok()).isFalse();
            assertThat(step.httpStatus()).isNull();
        });
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        ConnectionTestResult result = test("http://127.0.0.1:" + closed, "some-token");

        assertThat(result.failure()).isEqualTo(Failure.REFUSED);
        assertThat(result.reachable()).isFalse();
        assertThat(result.steps()).singleElement().satisfies(step -> assertThat(step.httpStatus())
                .isNull());
    }

    @Test
    void anUnknownHostFailsAsDns() {
        ConnectionTestResult result = test("http://nowhere.invalid:8123", "some-token");

        assertThat(result.failure()).isEqualTo(Failure.DNS);
        assertThat(result.advice()).contains("nowhere.invalid");
        assertThat(result.steps()).isEmpty();
        assertThat(result.reachable()).isFalse();
    }

    @Test
    void theMetadataAddressIsRefusedWithoutAConnection() throws Exception {
        ConnectionTestResult result = test("http://169.254.169.254/", "some-secret-token");

        assertThat(result.failure()).isEqualTo(Failure.DESTINATION_REFUSED);
        assertThat(result.steps()).isEmpty();
        assertThat(result.reachable()).isFalse();
        assertNoTokenIn(result, "some-secret-token");
    }

    @Test
    void aNameThatResolvesToTheMetadataAddressIsRefusedToo() {
        String host = "run-" + UUID.randomUUID() + "." + TestNamesResolverProvider.METADATA;

        ConnectionTestResult result = test("http://" + host + "/", "some-token");

        assertThat(result.failure()).isEqualTo(Failure.DESTINATION_REFUSED);
        assertThat(result.advice()).contains(host).doesNotContain("169.254");
        assertThat(result.steps()).isEmpty();
    }

    @Test
    void aRedirectIsRefusedAndWhereItPointsIsNeverFetched() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        other.start();
        simulator.faults().redirectTo("http://127.0.0.1:" + other.getAddress().getPort() + "/latest/meta-data/iam");

        ConnectionTestResult result = test(houseUrl(), simulator.token());

        assertThat(result.failure()).isEqualTo(Failure.REDIRECT_REFUSED);
        assertThat(result.advice()).contains("127.0.0.1").doesNotContain("meta-data");
        assertThat(result.steps()).singleElement().satisfies(step -> assertThat(step.httpStatus())
                .isEqualTo(302));
        assertThat(fetched).hasValue(0);
    }

    @Test
    void aRedirectToTheMetadataServiceOnTheMcpEndpointIsRefusedToo() {
        simulator.faults().redirectTo("http://169.254.169.254/latest/meta-data/", Faults.Scope.MCP);

        ConnectionTestResult result = test(houseUrl(), simulator.token());

        assertThat(result.failure()).isEqualTo(Failure.REDIRECT_REFUSED);
        assertThat(result.advice()).contains("169.254.169.254");
        assertThat(result.mcpEnabled()).isNull();
        assertThat(stepNames(result)).containsExactly("api", "config", "states", "mcp-initialize");
    }

    @Test
    void aMalformedUrlOrTokenIsAnInvalidConnectionNotATestResult() {
        assertThatThrownBy(
                        () -> tester.test("ftp://homeassistant.local", "token").block())
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_HA_CONNECTION));
        assertThatThrownBy(() ->
                        tester.test(houseUrl(), "two words\r\nX-Injected: 1").block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_HA_CONNECTION);
                    assertThat(e.getMessage()).doesNotContain("two words");
                });
    }

    @Test
    void aWebPageThatIsNotHomeAssistantIsAnUnexpectedResponse() throws Exception {
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            byte[] page =
                    "<html><body>Welcome to nginx!</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        other.start();

        ConnectionTestResult result =
                test("http://127.0.0.1:" + other.getAddress().getPort(), "some-token");

        assertThat(result.failure()).isEqualTo(Failure.UNEXPECTED_RESPONSE);
        assertThat(result.advice()).contains("/api/ answered HTTP 200");
        assertThat(result.reachable()).isTrue();
        assertThat(result.steps()).singleElement().satisfies(step -> {
            assertThat(step.ok()).isFalse();
            assertThat(step.httpStatus()).isEqualTo(200);
        });
    }
}
