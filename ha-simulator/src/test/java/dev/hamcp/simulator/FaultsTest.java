package dev.hamcp.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private final HomeAssistantSimulator simulator = new HomeAssistantSimulator(Mcp.TOKEN);

    private Response rest() {
        return simulator.handle(Request.get("/api/").bearer(Mcp.TOKEN));
    }

    private Response mcp() {
        return simulator.handle(Mcp.post(PING));
    }

    @Test
    void latencyDelaysEveryAnswer() {
        simulator.faults().latency(Duration.ofMillis(200));

        long start = System.nanoTime();
        Response response = rest();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.status()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void mcpOnlyLatencyLeavesTheRestApiFast() {
        simulator.faults().latency(Duration.ofSeconds(30), Faults.Scope.MCP);

        long start = System.nanoTime();
        rest();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aFailureStatusFailsEveryRequestUntilReset() {
        simulator.faults().failWith(503);

        assertThat(rest().status()).isEqualTo(503);
        assertThat(rest().bodyText()).isEqualTo("503: Service Unavailable");
        assertThat(mcp().status()).isEqualTo(503);

        simulator.faults().reset();
        assertThat(rest().status()).isEqualTo(200);
        assertThat(mcp().status()).isEqualTo(200);
    }

    @Test
    void mcpOnlyFailuresLeaveTheRestApiAnswering() {
        simulator.faults().failWith(500, Faults.Scope.MCP);

        assertThat(mcp().status()).isEqualTo(500);
        assertThat(rest().status()).isEqualTo(200);
    }

    @Test
    void aLimitedFailureClearsItselfAfterTheGivenNumberOfRequests() {
        simulator.faults().failNext(2, 503, Faults.Scope.MCP);

        assertThat(rest().status()).isEqualTo(200);
        assertThat(mcp().status()).isEqualTo(503);
        assertThat(mcp().status()).isEqualTo(503);
        assertThat(mcp().status()).isEqualTo(200);
        assertThat(simulator.faults().current()).isEqualTo(Faults.Plan.NONE);
    }

    @Test
    void aFailingHouseDoesNotCountRejectedTokens() {
        simulator.faults().failWith(502);

        assertThat(simulator.handle(Request.get("/api/").bearer("wrong")).status())
                .isEqualTo(502);
        assertThat(simulator.rejectedAuthentications()).isZero();
    }

    @Test
    void onlyErrorStatusesCanBeInjected() {
        assertThatThrownBy(() -> simulator.faults().failWith(200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.faults().latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRedirectAnswersEveryRequestWithFoundAndItsLocationUntilReset() {
        simulator.faults().redirectTo("http://169.254.169.254/latest/meta-data/");

        Response answer = rest();
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).contains("http://169.254.169.254/latest/meta-data/");
        assertThat(mcp().status()).isEqualTo(302);

        simulator.faults().reset();
        assertThat(rest().status()).isEqualTo(200);
        assertThat(simulator.faults().redirect()).isEmpty();
    }

    @Test
    void anMcpOnlyRedirectLeavesTheRestApiAnswering() {
        simulator.faults().redirectTo("https://elsewhere.example/api/mcp", Faults.Scope.MCP);

        assertThat(rest().status()).isEqualTo(200);
        assertThat(mcp().status()).isEqualTo(302);
    }

    @Test
    void aRedirectComesBeforeTheTokenIsCheckedAsAProxyInFrontWouldAnswer() {
        simulator.faults().redirectTo("https://elsewhere.example/");

        assertThat(simulator.handle(Request.get("/api/").bearer("wrong")).status())
                .isEqualTo(302);
        assertThat(simulator.rejectedAuthentications()).isZero();
    }

    @Test
    void everyRequestIsCountedWhateverItsAnswer() {
        long before = simulator.requests();

        rest();
        simulator.handle(Request.get("/api/").bearer("wrong"));
        simulator.handle(Request.get("/nowhere"));

        assertThat(simulator.requests() - before).isEqualTo(3);
    }

    @Test
    void aRedirectNeedsALocation() {
        assertThatThrownBy(() -> simulator.faults().redirectTo(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
